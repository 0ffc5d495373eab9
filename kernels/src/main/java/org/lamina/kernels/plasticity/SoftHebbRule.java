package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;

/**
 * The SoftHebb minibatch update of a {@code rows × cols} matrix for a {@code batch × cols}
 * input: {@code u = W x (+ b)}; activations {@code y} per {@link SoftHebbParams.Variant};
 * {@code dW = y^T X - (sum_b y ∘ u)[:, None] * W}; normalised by {@code max|dW| + 1e-30}; then
 * {@code W_k += lr_k dW_k} with {@code lr_k = lr (| ||W_k||_2 - 1 | + 1e-10)^powerLr} from the
 * weights before this update. Sums over the batch (not means).
 *
 * <p><b>Bias</b> (when {@link SoftHebbParams#bias()}): REFERENCES.md gives only the forward
 * {@code u = W x + b}; the learning rule is the one of the SoftHebb code (Journé et al., ICLR
 * 2023, {@code HebbSoftLinear.delta_bias}, exponential activation), where the bias is the
 * log-prior of its unit scaled by the temperature (Moraitis et al. 2022):
 * <pre>
 *   db_k = e^(-t b_k) · sum_b q_bk - batch        (t = tInvert, q = |y|)
 *   b_k += (lr_k / t) · db_k / (max_j |db_j| + 1e-30)
 * </pre>
 * with the same {@code lr_k} as row {@code k} of {@code W} (the bias is not part of the row norm)
 * and its own max-normalisation. At equilibrium {@code e^(t b_k)} is the mean of {@code q_k}
 * over the batch; start from {@link #initialBias} ({@code ln(1/rows)/t}, uniform priors, as that
 * code does). Two choices of ours, where that code is silent or unsafe: the bias learns from
 * {@code q = |y|}, i.e. for the anti-Hebbian variant from the softmax before its sign flip (the
 * signed {@code y} would make {@code sum_b y} negative for every unit that mostly loses, a
 * negative "probability" that drives its bias down without bound), and the exponent
 * {@code ln(sum_b q_bk) - t b_k} is capped at 700 so that a bias far below its equilibrium takes
 * the largest step instead of overflowing ({@code sum_b q_bk = 0} gives {@code db_k = -batch}).
 * The published presets run without a bias. The bias part is {@code O(batch · rows)} and runs on
 * the host in double on every backend.
 */
public interface SoftHebbRule extends AutoCloseable {

    /** Updates {@code w} in place for a rule without bias; returns {@code max|dW|} before normalisation. */
    default double update(float[] w, int rows, int cols, float[] x, int batch) {
        return update(w, null, rows, cols, x, batch);
    }

    /**
     * Updates {@code w} and, when {@code params().bias()}, the bias {@code b} ({@code rows} floats)
     * in place; {@code b} must be null for a rule without bias. Returns {@code max|dW|} before
     * normalisation.
     */
    double update(float[] w, float[] b, int rows, int cols, float[] x, int batch);

    /** Per example of the last update, the unit with the largest {@code u} (the winner); {@code out} holds batch ints. */
    void lastWinners(int[] out);

    SoftHebbParams params();

    Backend backend();

    @Override
    default void close() {
    }

    /** The uniform-prior start of the bias: every {@code b_k = ln(1/rows) / tInvert}. */
    static void initialBias(SoftHebbParams p, float[] b) {
        java.util.Arrays.fill(b, (float) (Math.log(1.0 / b.length) / p.tInvert()));
    }

    /** Refuses a bias that does not match the parameters (present iff {@code p.bias()}, {@code rows} long). */
    static void checkBias(SoftHebbParams p, float[] b, int rows) {
        if (p.bias() && (b == null || b.length != rows)) {
            throw new IllegalArgumentException("this SoftHebb rule has a bias: b must hold rows = " + rows
                    + " floats, got " + (b == null ? "null" : b.length));
        }
        if (!p.bias() && b != null) {
            throw new IllegalArgumentException("this SoftHebb rule has no bias, but a bias was passed");
        }
    }

    /** The radius-dependent rate {@code lr (| ||W_k|| - 1 | + 1e-10)^powerLr} from the row's sum of squares. */
    static double rate(SoftHebbParams p, double sumOfSquares) {
        return p.lr() * Math.pow(Math.abs(Math.sqrt(sumOfSquares) - 1) + 1e-10, p.powerLr());
    }

    /**
     * The unnormalised bias changes {@code db} ({@code rows}) from the activations {@code y}
     * ({@code batch × rows}) and the bias before the update (see the class comment); returns
     * {@code max|db|}.
     */
    static double biasDelta(SoftHebbParams p, double[] y, int batch, int rows, float[] b, double[] db) {
        double max = 0;
        for (int r = 0; r < rows; r++) {
            double q = 0;
            for (int e = 0; e < batch; e++) {
                q += Math.abs(y[e * rows + r]);
            }
            double prior = q > 0 ? Math.exp(Math.min(Math.log(q) - p.tInvert() * b[r], 700)) : 0;
            db[r] = prior - batch;
            max = Math.max(max, Math.abs(db[r]));
        }
        return max;
    }

    /**
     * The normalised step of row {@code r} shared by the fast backends: {@code W_r += lr_r dW_r / norm}
     * with the radius-dependent rate {@code lr_r = lr (| ||W_r|| - 1 | + 1e-10)^powerLr} taken before
     * the step, then the row's bias step when there is a bias.
     */
    static void stepRow(SoftHebbParams p, float[] w, float[] dw, int r, int cols, double norm, float[] bias,
                        double[] db, double maxDb) {
        stepRow(p, w, dw, r, cols, RowVectors.sumOfSquares(w, r * cols, cols), norm, bias, db, maxDb);
    }

    /** {@link #stepRow} given the row's sum of squares before the step ({@code sq}). */
    static void stepRow(SoftHebbParams p, float[] w, float[] dw, int r, int cols, double sq, double norm, float[] bias,
                        double[] db, double maxDb) {
        double lr = rate(p, sq);
        RowVectors.addScaled(w, dw, r * cols, cols, (float) (lr / norm));
        if (bias != null) {
            bias[r] = biasStep(p, bias[r], lr, db[r], maxDb);
        }
    }

    /** The bias after its step: {@code b + (lr_k / t) · db / (maxDb + 1e-30)}, rounded to float. */
    static float biasStep(SoftHebbParams p, float b, double lrRow, double db, double maxDb) {
        return (float) (b + lrRow / p.tInvert() * db / (maxDb + 1e-30));
    }

    /** Activations from the pre-activations {@code u} ({@code batch × rows}), written into {@code y}. */
    static void activations(SoftHebbParams p, double[] u, int batch, int rows, double[] y) {
        activations(p, u, batch, rows, y, null);
    }

    /**
     * Activations from the pre-activations {@code u} ({@code batch × rows}), written into
     * {@code y}; each example's winner (first largest {@code u}) into {@code winners} unless null.
     */
    static void activations(SoftHebbParams p, double[] u, int batch, int rows, double[] y, int[] winners) {
        for (int b = 0; b < batch; b++) {
            activationsOf(p, u, b, rows, y, winners);
        }
    }

    /** {@link #activations} of example {@code b} alone (examples are independent). */
    static void activationsOf(SoftHebbParams p, double[] u, int b, int rows, double[] y, int[] winners) {
        int base = b * rows;
        int winner = base;
        for (int r = base + 1; r < base + rows; r++) {
            if (u[r] > u[winner]) {
                winner = r;
            }
        }
        if (winners != null) {
            winners[b] = winner - base;
        }
        if (p.variant() == SoftHebbParams.Variant.HARD) {
            for (int r = base; r < base + rows; r++) {
                y[r] = r == winner ? 1 : 0;
            }
            return;
        }
        double sum = 0;
        for (int r = base; r < base + rows; r++) {
            y[r] = Math.exp(p.tInvert() * (u[r] - u[winner]));
            sum += y[r];
        }
        for (int r = base; r < base + rows; r++) {
            y[r] /= sum;
            if (p.variant() == SoftHebbParams.Variant.ANTI && r != winner) {
                y[r] = -y[r];
            }
        }
    }
}
