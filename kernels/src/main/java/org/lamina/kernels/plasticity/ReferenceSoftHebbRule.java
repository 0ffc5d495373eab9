package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;

/** The specification: dense, in double precision, straight from the equations. */
public final class ReferenceSoftHebbRule implements SoftHebbRule {
    private final SoftHebbParams params;
    private int[] winners = new int[0];

    public ReferenceSoftHebbRule(SoftHebbParams params) {
        this.params = params;
    }

    @Override
    public double update(float[] w, float[] bias, int rows, int cols, float[] x, int batch) {
        SoftHebbRule.checkBias(params, bias, rows);
        double[] u = new double[batch * rows];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += (double) w[r * cols + c] * x[b * cols + c];
                }
                u[b * rows + r] = bias == null ? s : s + bias[r];
            }
        }
        double[] y = new double[batch * rows];
        winners = new int[batch];
        SoftHebbRule.activations(params, u, batch, rows, y, winners);
        double[] db = new double[rows];
        double maxDb = bias == null ? 0 : SoftHebbRule.biasDelta(params, y, batch, rows, bias, db);
        double[] dw = new double[rows * cols];
        double max = 0;
        for (int r = 0; r < rows; r++) {
            double yu = 0;
            for (int b = 0; b < batch; b++) {
                yu += y[b * rows + r] * u[b * rows + r];
            }
            for (int c = 0; c < cols; c++) {
                double hebb = 0;
                for (int b = 0; b < batch; b++) {
                    hebb += y[b * rows + r] * x[b * cols + c];
                }
                double d = hebb - yu * w[r * cols + c];
                dw[r * cols + c] = d;
                max = Math.max(max, Math.abs(d));
            }
        }
        double norm = max + 1e-30;
        for (int r = 0; r < rows; r++) {
            double sq = 0;
            for (int c = 0; c < cols; c++) {
                sq += (double) w[r * cols + c] * w[r * cols + c];
            }
            double lr = params.lr() * Math.pow(Math.abs(Math.sqrt(sq) - 1) + 1e-10, params.powerLr());
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] = (float) (w[r * cols + c] + lr * dw[r * cols + c] / norm);
            }
            if (bias != null) {
                bias[r] = SoftHebbRule.biasStep(params, bias[r], lr, db[r], maxDb);
            }
        }
        return max;
    }

    @Override
    public void lastWinners(int[] out) {
        System.arraycopy(winners, 0, out, 0, out.length);
    }

    @Override
    public SoftHebbParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.REFERENCE;
    }
}
