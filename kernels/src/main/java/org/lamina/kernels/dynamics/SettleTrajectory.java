package org.lamina.kernels.dynamics;

/**
 * The path one example takes while it settles, for people to look at: the state {@code h} of
 * every unit at {@code samples} times {@code dt} apart from 0 (sample 0 is the starting state, 0),
 * computed in double precision by forward Euler on the equation of {@link SettleParams} without
 * stopping when it has settled. Euler is stable only while {@code (step / tau)(1 + w_inh (A - 1)) < 2}
 * with {@code A} active units, and at the start of a settle most units are active, so the steps
 * shrink to stay within that bound (and to land on every sample time); where {@code dt} is
 * within it, the path is {@link ReferenceInhibitionSettle}'s step for step. Learning uses the
 * batched backends; this serves the trace, a few examples now and then.
 */
public final class SettleTrajectory {
    /** The fraction of Euler's stability bound a step may use. */
    private static final double SAFETY = 0.9;

    private SettleTrajectory() {
    }

    /**
     * {@code samples × units} states, row-major, {@code params.dt()} apart, of the example whose
     * currents are {@code currents[offset, offset + units)}.
     */
    public static float[] of(SettleParams params, float[] currents, int offset, int units, int samples) {
        if (samples < 1 || units < 1 || offset < 0 || offset + units > currents.length) {
            throw new IllegalArgumentException("a trajectory needs samples, units >= 1 and currents for every unit");
        }
        double tau = params.tau();
        double w = params.inhibition();
        double n = params.ratePower();
        double dt = params.dt();
        double[] x = new double[units];
        double[] drive = new double[units];
        float[] out = new float[samples * units];
        for (int s = 1; s < samples; s++) {
            double left = dt; // time to the next sample
            while (left > 0) {
                double total = 0;
                for (int i = 0; i < units; i++) {
                    total += rate(x[i], n);
                }
                // The coupling's stiffness: units active now or about to be (rising from h <= 0).
                double slope = n == 1 ? 1 : 0;
                int coupled = 0;
                for (int i = 0; i < units; i++) {
                    drive[i] = currents[offset + i] - w * (total - rate(x[i], n));
                    if (x[i] > 0 || drive[i] > 0) {
                        coupled++;
                        if (n != 1 && x[i] > 0) {
                            slope = Math.max(slope, n * Math.pow(x[i], n - 1));
                        }
                    }
                }
                double stiffness = 1 + w * Math.max(0, coupled - 1) * slope;
                double step = Math.min(left, SAFETY * 2 * tau / stiffness);
                if (step >= left * (1 - 1e-12)) {
                    step = left; // the last step lands on the sample time exactly
                }
                double a = step / tau;
                for (int i = 0; i < units; i++) {
                    x[i] += a * (drive[i] - x[i]);
                }
                left -= step;
            }
            for (int i = 0; i < units; i++) {
                out[s * units + i] = (float) x[i];
            }
        }
        return out;
    }

    private static double rate(double x, double n) {
        return x > 0 ? (n == 1 ? x : Math.pow(x, n)) : 0;
    }
}
