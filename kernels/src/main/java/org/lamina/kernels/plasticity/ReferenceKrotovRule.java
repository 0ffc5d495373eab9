package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.dynamics.ExactSteadyState;
import org.lamina.kernels.dynamics.ReferenceInhibitionSettle;

/**
 * The specification: dense, in double precision, straight from the equations. Dynamics settle in
 * the reference settle kernel (or exactly, for the ReLU rate) from the currents rounded to float,
 * as every backend holds them.
 */
public final class ReferenceKrotovRule implements KrotovRule {
    private final KrotovParams params;
    private final KrotovActivity activity;
    private int[] winners = new int[0];
    private SignalStats stats;
    private float[] settled;

    public ReferenceKrotovRule(KrotovParams params) {
        this(params, KrotovActivity.RANKING);
    }

    public ReferenceKrotovRule(KrotovParams params, KrotovActivity activity) {
        this.params = params;
        this.activity = activity;
    }

    @Override
    public double update(float[] w, int rows, int cols, float[] v, int batch, double eps, float[] given) {
        KrotovRule.checkCurrents(given, rows, batch);
        double[] currents = new double[batch * rows];
        for (int b = 0; b < batch && given != null; b++) {
            for (int mu = 0; mu < rows; mu++) {
                currents[b * rows + mu] = given[b * rows + mu];
            }
        }
        for (int b = 0; b < batch && given == null; b++) {
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
        int[] first = new int[batch];
        int[] kth = new int[batch];
        if (winners.length != batch) {
            winners = new int[batch];
        }
        for (int b = 0; b < batch; b++) {
            Integer[] order = new Integer[rows];
            for (int mu = 0; mu < rows; mu++) {
                order[mu] = mu;
            }
            int base = b * rows;
            // Descending by current, ties to the lower index.
            java.util.Arrays.sort(order, (x, y) -> currents[base + x] != currents[base + y]
                    ? Double.compare(currents[base + y], currents[base + x]) : Integer.compare(x, y));
            first[b] = order[0];
            kth[b] = order[params.k() - 1];
        }
        if (activity instanceof KrotovActivity.Dynamics d) {
            stats = dynamicsSignals(d, currents, batch, rows, first, kth, g);
        } else {
            for (int b = 0; b < batch; b++) {
                winners[b] = first[b];
                g[b * rows + first[b]] += 1.0;
                g[b * rows + kth[b]] -= params.delta();
            }
            stats = null;
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

    /** {@code g(h)} of the settled dynamics into {@code g}, the winners, and how the sets compare with the ranks. */
    private SignalStats dynamicsSignals(KrotovActivity.Dynamics d, double[] currents, int batch, int rows, int[] first,
                                        int[] kth, double[] g) {
        float[] c = new float[batch * rows];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) currents[i];
        }
        float[] h = new float[batch * rows];
        int[] steps = new int[batch];
        int[] settled = new int[batch];
        if (d.exact()) {
            ExactSteadyState.solve(c, batch, rows, d.settle().inhibition(), h);
            java.util.Arrays.fill(settled, 1);
        } else {
            new ReferenceInhibitionSettle(d.settle()).settle(c, batch, rows, h, steps, settled);
        }
        this.settled = h;
        double hebbian = 0;
        double anti = 0;
        double active = 0;
        double sameTop = 0;
        double kthAnti = 0;
        double stepSum = 0;
        double settledSum = 0;
        for (int b = 0; b < batch; b++) {
            int base = b * rows;
            int winner = -1;
            for (int mu = 0; mu < rows; mu++) {
                if (h[base + mu] > 0 && (winner < 0 || h[base + mu] > h[base + winner])) {
                    winner = mu;
                }
            }
            winners[b] = winner;
            boolean any = winner >= 0 || !d.relative();
            double threshold = d.threshold(winner < 0 ? 0 : h[base + winner]);
            java.util.List<Integer> hebbianSet = new java.util.ArrayList<>();
            for (int mu = 0; mu < rows; mu++) {
                double x = h[base + mu];
                active += x > 0 ? 1 : 0;
                if (any && x >= (float) threshold) {
                    g[base + mu] = 1.0;
                    hebbianSet.add(mu);
                } else if (x >= 0 && params.delta() != 0) {
                    g[base + mu] = -params.delta();
                    anti++;
                    kthAnti += mu == kth[b] ? 1 : 0;
                }
            }
            hebbian += hebbianSet.size();
            sameTop += hebbianSet.equals(java.util.List.of(first[b])) ? 1 : 0;
            stepSum += steps[b];
            settledSum += settled[b];
        }
        return new SignalStats(hebbian / batch, anti / batch, active / batch, sameTop / batch, kthAnti / batch,
                stepSum / batch, settledSum / batch);
    }

    @Override
    public void lastWinners(int[] out) {
        System.arraycopy(winners, 0, out, 0, out.length);
    }

    @Override
    public SignalStats lastStats() {
        return stats;
    }

    @Override
    public boolean lastSettled(float[] out) {
        if (settled == null || settled.length != out.length) {
            return false;
        }
        System.arraycopy(settled, 0, out, 0, out.length);
        return true;
    }

    @Override
    public KrotovActivity activity() {
        return activity;
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
