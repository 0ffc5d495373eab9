package org.lamina.kernels.dynamics;

import org.lamina.kernels.backend.Backend;

/** The specification: each example stepped in double precision, straight from the equations. */
public final class ReferenceInhibitionSettle implements InhibitionSettle {
    private final SettleParams params;

    public ReferenceInhibitionSettle(SettleParams params) {
        this.params = params;
    }

    @Override
    public void settle(float[] currents, int batch, int units, float[] h, int[] steps, int[] settled) {
        InhibitionSettle.checkShapes(currents, batch, units, h, steps, settled);
        double a = params.stepFactor();
        double w = params.inhibition();
        for (int b = 0; b < batch; b++) {
            int base = b * units;
            double[] x = new double[units];
            steps[b] = params.maxSteps();
            settled[b] = 0;
            for (int step = 1; step <= params.maxSteps(); step++) {
                double total = 0;
                for (int i = 0; i < units; i++) {
                    total += rate(x[i]);
                }
                double largest = 0;
                for (int i = 0; i < units; i++) {
                    double drive = currents[base + i] - w * (total - rate(x[i]));
                    double next = x[i] + a * (drive - x[i]);
                    largest = Math.max(largest, Math.abs(next - x[i]));
                    x[i] = next;
                }
                if (largest / params.dt() < params.eps()) {
                    steps[b] = step;
                    settled[b] = 1;
                    break;
                }
            }
            for (int i = 0; i < units; i++) {
                h[base + i] = (float) x[i];
            }
        }
    }

    private double rate(double x) {
        return x > 0 ? Math.pow(x, params.ratePower()) : 0;
    }

    @Override
    public SettleParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.REFERENCE;
    }
}
