package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;

/**
 * The Krotov–Hopfield minibatch update of a {@code rows × cols} weight matrix (hidden × input)
 * for a {@code batch × cols} input: currents {@code I = (sign(W)|W|^(p-1)) · v}; per example a
 * learning signal {@code g} over the units ({@link KrotovActivity}: the ranking shortcut, +1 for
 * the top-ranked unit and {@code -delta} for the k-th, or {@code g(h)} of the settled
 * lateral-inhibition dynamics); {@code dW = g^T V - (sum_b g I)[:, None] * W};
 * {@code W += eps · dW / max(max|dW|, precision)}. Only units with {@code g != 0} in some example
 * change (with the shortcut, at most 2·batch rows).
 */
public interface KrotovRule extends AutoCloseable {

    /**
     * What the signals of an update driven by dynamics were, per example on average: the sizes of
     * the Hebbian ({@code g = 1}) and anti-Hebbian ({@code g = -delta}) sets and of the active set
     * ({@code h > 0}), the fraction of examples whose Hebbian set is exactly the shortcut's top unit
     * and whose anti-Hebbian set holds the shortcut's rank-k unit, the steps to settle and the
     * fraction that settled within the cap.
     */
    record SignalStats(double hebbian, double antiHebbian, double active, double top1Agreement, double kthOverlap,
                       double settleSteps, double settled) {
    }

    /** Updates {@code w} in place; returns {@code max|dW|} before normalisation. */
    default double update(float[] w, int rows, int cols, float[] v, int batch, double eps) {
        return update(w, rows, cols, v, batch, eps, null);
    }

    /**
     * The same update from currents computed elsewhere: {@code currents} ({@code batch × rows})
     * must be {@code (sign(W)|W|^(p-1)) · v} for this {@code w} (a layer that accumulates them
     * from spike events, for example); null computes them from {@code v}.
     */
    double update(float[] w, int rows, int cols, float[] v, int batch, double eps, float[] currents);

    /** Checks given currents against the shapes of an update. */
    static void checkCurrents(float[] currents, int rows, int batch) {
        if (currents != null && currents.length != batch * rows) {
            throw new IllegalArgumentException("given currents must hold batch * rows = " + batch * rows + " floats, got "
                    + currents.length);
        }
    }

    /**
     * Per example of the last update, its winner: the unit ranked first, or with dynamics the unit
     * of largest positive h (-1 when none is active); {@code out} holds batch ints.
     */
    void lastWinners(int[] out);

    /** The last update's signals when dynamics drove it; null for the ranking shortcut. */
    SignalStats lastStats();

    /**
     * Copies the settled state h of the last update ({@code batch × rows}) into {@code out};
     * returns false (and copies nothing) for the ranking shortcut, which settles nothing.
     */
    boolean lastSettled(float[] out);

    /**
     * Forgets whatever the rule derived from the weights it was last given (a cached overlap
     * matrix): call it when something other than {@link #update} wrote them, such as a restore.
     */
    default void invalidate() {
    }

    KrotovActivity activity();

    KrotovParams params();

    Backend backend();

    @Override
    default void close() {
    }
}
