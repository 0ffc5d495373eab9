package org.lamina.kernels.dynamics;

import org.lamina.kernels.backend.Backend;

/**
 * Settles the lateral-inhibition dynamics of {@link SettleParams} for a minibatch: each example
 * from {@code h = 0}, one step at a time, every unit's drive
 * {@code I_mu - w_inh (sum_nu r(h_nu) - r(h_mu))} taken from the state at the start of the step
 * and {@code h += a (drive - h)} ({@link SettleParams#stepFactor()}), until the largest
 * {@code |h_new - h_old| / dt} of the example falls below {@code eps} or the step cap. Arrays are
 * batch-major ({@code batch × units}). Implementations may hold device kernels: close them.
 */
public interface InhibitionSettle extends AutoCloseable {

    /**
     * Writes the settled state into {@code h}, the steps each example took into {@code steps}
     * (the cap when it did not settle) and whether it settled (1) or hit the cap (0) into
     * {@code settled}.
     */
    void settle(float[] currents, int batch, int units, float[] h, int[] steps, int[] settled);

    SettleParams params();

    Backend backend();

    @Override
    default void close() {
    }

    /** Checks the shapes every implementation expects. */
    static void checkShapes(float[] currents, int batch, int units, float[] h, int[] steps, int[] settled) {
        if (batch < 1 || units < 1) {
            throw new IllegalArgumentException("batch and units must be >= 1, got " + batch + ", " + units);
        }
        if (currents.length != batch * units || h.length != batch * units || steps.length < batch
                || settled.length < batch) {
            throw new IllegalArgumentException("currents and h must hold batch * units = " + batch * units
                    + " floats and steps, settled batch ints; got " + currents.length + ", " + h.length + ", "
                    + steps.length + ", " + settled.length);
        }
    }
}
