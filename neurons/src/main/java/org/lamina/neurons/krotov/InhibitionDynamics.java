package org.lamina.neurons.krotov;

import org.lamina.neurons.ode.LinearDecaySystem;

/**
 * Krotov–Hopfield lateral inhibition for a minibatch: for every example b and unit mu,
 * {@code tau dh/dt = I - w_inh * sum_{nu != mu} r(h_nu) - h} with {@code r(h) = max(h, 0)^n}.
 * The inhibition sum is computed as total minus own, O(N) per example. State and currents are
 * {@code batch × units}, row-major. Allocates nothing per evaluation.
 */
public final class InhibitionDynamics implements LinearDecaySystem {
    private final int batch;
    private final int units;
    private final float tau;
    private final float inhibition;
    private final float power;
    private final float[] currents;

    /**
     * @param currents the input currents I, {@code batch × units}; read on every evaluation, so
     *                 the caller may change them between steps (held constant within a step)
     */
    public InhibitionDynamics(int batch, int units, float tau, float inhibition, float power, float[] currents) {
        if (batch < 1 || units < 1) {
            throw new IllegalArgumentException("batch and units must be >= 1");
        }
        if (!(tau > 0)) {
            throw new IllegalArgumentException("tau must be > 0, got " + tau);
        }
        if (!(inhibition >= 0)) {
            throw new IllegalArgumentException("inhibition strength must be >= 0, got " + inhibition);
        }
        if (!(power >= 1)) {
            throw new IllegalArgumentException("activation power must be >= 1, got " + power);
        }
        if (currents.length != batch * units) {
            throw new IllegalArgumentException("currents must hold batch * units = " + batch * units + " floats");
        }
        this.batch = batch;
        this.units = units;
        this.tau = tau;
        this.inhibition = inhibition;
        this.power = power;
        this.currents = currents;
    }

    @Override
    public int dimension() {
        return batch * units;
    }

    @Override
    public float tau() {
        return tau;
    }

    /** {@code r(h) = max(h, 0)^n}. */
    public float rate(float h) {
        float r = Math.max(h, 0f);
        return power == 1f ? r : (float) Math.pow(r, power);
    }

    @Override
    public void drive(float[] h, float[] out) {
        for (int b = 0; b < batch; b++) {
            int base = b * units;
            float total = 0f;
            for (int i = base; i < base + units; i++) {
                total += rate(h[i]);
            }
            for (int i = base; i < base + units; i++) {
                out[i] = currents[i] - inhibition * (total - rate(h[i]));
            }
        }
    }

    public int batch() {
        return batch;
    }

    public int units() {
        return units;
    }
}
