package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;

/** The specification: dense, in double precision, straight from the equations. */
public final class ReferenceKrotovRule implements KrotovRule {
    private final KrotovParams params;
    private int[] winners = new int[0];

    public ReferenceKrotovRule(KrotovParams params) {
        this.params = params;
    }

    @Override
    public double update(float[] w, int rows, int cols, float[] v, int batch, double eps) {
        double[] currents = new double[batch * rows];
        for (int b = 0; b < batch; b++) {
            for (int mu = 0; mu < rows; mu++) {
                double sum = 0;
                for (int i = 0; i < cols; i++) {
                    double x = w[mu * cols + i];
                    double t = params.p() == 2 ? x : Math.signum(x) * Math.pow(Math.abs(x), params.p() - 1);
                    sum += t * v[b * cols + i];
                }
                currents[b * rows + mu] = sum;
            }
        }
        double[] g = new double[batch * rows];
        for (int b = 0; b < batch; b++) {
            Integer[] order = new Integer[rows];
            for (int mu = 0; mu < rows; mu++) {
                order[mu] = mu;
            }
            int base = b * rows;
            // Descending by current, ties to the lower index.
            java.util.Arrays.sort(order, (x, y) -> currents[base + x] != currents[base + y]
                    ? Double.compare(currents[base + y], currents[base + x]) : Integer.compare(x, y));
            if (winners.length != batch) {
                winners = new int[batch];
            }
            winners[b] = order[0];
            g[base + order[0]] += 1.0;
            g[base + order[params.k() - 1]] -= params.delta();
        }
        double[] dw = new double[rows * cols];
        double max = 0;
        for (int mu = 0; mu < rows; mu++) {
            double c = 0;
            for (int b = 0; b < batch; b++) {
                c += g[b * rows + mu] * currents[b * rows + mu];
            }
            for (int i = 0; i < cols; i++) {
                double hebb = 0;
                for (int b = 0; b < batch; b++) {
                    hebb += g[b * rows + mu] * v[b * cols + i];
                }
                double d = hebb - c * w[mu * cols + i];
                dw[mu * cols + i] = d;
                max = Math.max(max, Math.abs(d));
            }
        }
        double scale = eps / Math.max(max, params.precision());
        for (int j = 0; j < w.length; j++) {
            w[j] = (float) (w[j] + scale * dw[j]);
        }
        return max;
    }

    @Override
    public void lastWinners(int[] out) {
        System.arraycopy(winners, 0, out, 0, out.length);
    }

    @Override
    public KrotovParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.REFERENCE;
    }
}
