package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;

/**
 * The specification: dense, in double precision, straight from the equations of
 * {@link SoftHebbRule}, written for clarity, not speed. It shares no arithmetic with the fast
 * backends (only the argument check {@link SoftHebbRule#checkBias}), so the contract tests compare
 * two independent implementations. Per update, with {@code t = tInvert}:
 * <ol>
 *   <li>{@code u_bk = sum_c W_kc x_bc (+ b_k)};</li>
 *   <li>the winner of example {@code b} is the first unit with the largest {@code u_bk};
 *       {@code p_bk = e^(t u_bk) / sum_j e^(t u_bj)} (the softmax); {@code y = p} (soft),
 *       {@code y} one-hot at the winner (hard), or {@code y_bk = p_bk} for the winner and
 *       {@code -p_bk} for the others (anti); {@code q = |y|};</li>
 *   <li>{@code dW_kc = sum_b y_bk x_bc - (sum_b y_bk u_bk) W_kc}, normalised by
 *       {@code max|dW| + 1e-30};</li>
 *   <li>{@code lr_k = lr (| ||W_k||_2 - 1 | + 1e-10)^powerLr} from the weights before the update;
 *       {@code W_k += lr_k dW_k / (max|dW| + 1e-30)};</li>
 *   <li>with a bias: {@code db_k = e^(min(ln(sum_b q_bk) - t b_k, 700)) - batch} (the prior term is
 *       0 when {@code sum_b q_bk = 0}) and {@code b_k += (lr_k / t) db_k / (max_j |db_j| + 1e-30)}.</li>
 * </ol>
 */
public final class ReferenceSoftHebbRule implements SoftHebbRule {
    /** The largest exponent of the bias's prior term (see {@link SoftHebbRule}). */
    private static final double MAX_EXPONENT = 700;

    private final SoftHebbParams params;
    private int[] winners = new int[0];

    public ReferenceSoftHebbRule(SoftHebbParams params) {
        this.params = params;
    }

    @Override
    public double update(float[] w, float[] bias, int rows, int cols, float[] x, int batch) {
        SoftHebbRule.checkBias(params, bias, rows);
        double t = params.tInvert();

        // 1. Pre-activations u[b][k] = W_k · x_b (+ b_k).
        double[][] u = new double[batch][rows];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < rows; k++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += (double) w[k * cols + c] * x[b * cols + c];
                }
                u[b][k] = bias == null ? s : s + bias[k];
            }
        }

        // 2. Winners and activations y (signed) and q = |y|.
        winners = new int[batch];
        double[][] y = new double[batch][rows];
        double[][] q = new double[batch][rows];
        for (int b = 0; b < batch; b++) {
            int winner = 0;
            for (int k = 1; k < rows; k++) {
                if (u[b][k] > u[b][winner]) {
                    winner = k;
                }
            }
            winners[b] = winner;
            double[] p = softmax(u[b], t, u[b][winner]);
            for (int k = 0; k < rows; k++) {
                switch (params.variant()) {
                    case SOFT -> y[b][k] = p[k];
                    case HARD -> y[b][k] = k == winner ? 1 : 0;
                    case ANTI -> y[b][k] = k == winner ? p[k] : -p[k];
                }
                q[b][k] = Math.abs(y[b][k]);
            }
        }

        // 3. dW = y^T X - (sum_b y u)[:, None] * W, and its largest magnitude.
        double[][] dw = new double[rows][cols];
        double maxDw = 0;
        for (int k = 0; k < rows; k++) {
            double decay = 0;
            for (int b = 0; b < batch; b++) {
                decay += y[b][k] * u[b][k];
            }
            for (int c = 0; c < cols; c++) {
                double hebb = 0;
                for (int b = 0; b < batch; b++) {
                    hebb += y[b][k] * x[b * cols + c];
                }
                dw[k][c] = hebb - decay * w[k * cols + c];
                maxDw = Math.max(maxDw, Math.abs(dw[k][c]));
            }
        }

        // 5 (before the weights change). The bias's change and its largest magnitude.
        double[] db = new double[rows];
        double maxDb = 0;
        if (bias != null) {
            for (int k = 0; k < rows; k++) {
                double sumQ = 0;
                for (int b = 0; b < batch; b++) {
                    sumQ += q[b][k];
                }
                double prior = sumQ > 0 ? Math.exp(Math.min(Math.log(sumQ) - t * bias[k], MAX_EXPONENT)) : 0;
                db[k] = prior - batch;
                maxDb = Math.max(maxDb, Math.abs(db[k]));
            }
        }

        // 4 and 5. Each row's rate from its norm before the update; the normalised steps.
        for (int k = 0; k < rows; k++) {
            double squares = 0;
            for (int c = 0; c < cols; c++) {
                squares += (double) w[k * cols + c] * w[k * cols + c];
            }
            double lr = params.lr() * Math.pow(Math.abs(Math.sqrt(squares) - 1) + 1e-10, params.powerLr());
            for (int c = 0; c < cols; c++) {
                w[k * cols + c] = (float) (w[k * cols + c] + lr * dw[k][c] / (maxDw + 1e-30));
            }
            if (bias != null) {
                bias[k] = (float) (bias[k] + lr / t * db[k] / (maxDb + 1e-30));
            }
        }
        return maxDw;
    }

    /**
     * {@code e^(t u_k) / sum_j e^(t u_j)}, each exponent shifted by {@code -t top} (the same
     * quotient; it keeps the exponentials finite).
     */
    private static double[] softmax(double[] u, double t, double top) {
        double[] p = new double[u.length];
        double sum = 0;
        for (int k = 0; k < u.length; k++) {
            p[k] = Math.exp(t * (u[k] - top));
            sum += p[k];
        }
        for (int k = 0; k < u.length; k++) {
            p[k] /= sum;
        }
        return p;
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
