package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.JavaMatrixProduct;
import org.lamina.kernels.product.TransposedProduct;

/**
 * Fast Java SoftHebb: {@code u} by the Vector API product, activations per example (spread
 * over the cores), the Hebbian sums {@code y^T x} by the transposed product (register-tiled),
 * then per row (spread over the cores, disjoint outputs, {@link RowVectors}) the decay term
 * {@code - (sum_b y_br u_br) w_r} with the row's max and sum of squares, a max reduction, and
 * the radius-dependent update. The bias (if any) is added to {@code u} in double
 * and learns on the host as in {@link SoftHebbRule}. Buffers are reused.
 */
public final class JavaSoftHebbRule implements SoftHebbRule {
    /** Rows per task of the {@code yu} pass: long enough runs of contiguous rows to vectorise. */
    private static final int YU_BLOCK = 256;
    private final SoftHebbParams params;
    private final ParallelLoop loop;
    private final JavaMatrixProduct product;
    private float[] u = new float[0];
    private double[] uD = new double[0];
    private double[] y = new double[0];
    private float[] yF = new float[0];
    private float[] dw = new float[0];
    private double[] rowMax = new double[0];
    private double[] rowSq = new double[0];
    private double[] yu = new double[0];
    private double[] db = new double[0];
    private int[] winners = new int[0];

    public JavaSoftHebbRule(SoftHebbParams params) {
        this(params, ParallelLoop.shared());
    }

    public JavaSoftHebbRule(SoftHebbParams params, ParallelLoop loop) {
        this.params = params;
        this.loop = loop;
        this.product = new JavaMatrixProduct(loop);
    }

    @Override
    public double update(float[] w, float[] bias, int rows, int cols, float[] x, int batch) {
        SoftHebbRule.checkBias(params, bias, rows);
        if (u.length != batch * rows) {
            u = new float[batch * rows];
            uD = new double[batch * rows];
            y = new double[batch * rows];
            yF = new float[batch * rows];
        }
        if (winners.length != batch) {
            winners = new int[batch];
        }
        if (dw.length != rows * cols) {
            dw = new float[rows * cols];
        }
        if (rowMax.length != rows) {
            rowMax = new double[rows];
            rowSq = new double[rows];
            yu = new double[rows];
            db = new double[rows];
        }
        product.multiply(w, rows, cols, x, batch, u);
        loop.forEach(batch, b -> activations(bias, rows, b));
        double maxDb = bias == null ? 0 : SoftHebbRule.biasDelta(params, y, batch, rows, bias, db);
        loop.forEach((rows + YU_BLOCK - 1) / YU_BLOCK, t -> decayCoefficients(rows, batch, t * YU_BLOCK));
        // Hebbian sums y^T x (rows x cols) in one transposed product, the decay term per row as each row is done.
        TransposedProduct.multiply(loop, yF, rows, 1, x, batch, rows, cols, 1f, dw,
                r -> rowDelta(w, cols, r));
        double max = 0;
        for (int r = 0; r < rows; r++) {
            max = Math.max(max, rowMax[r]);
        }
        double norm = max + 1e-30;
        loop.forEach(rows, r -> SoftHebbRule.stepRow(params, w, dw, r, cols, rowSq[r], norm, bias, db, maxDb));
        return max;
    }

    @Override
    public void lastWinners(int[] out) {
        System.arraycopy(winners, 0, out, 0, out.length);
    }

    /**
     * Example {@code b}: {@code u} in double (plus the bias), its activations, and those as
     * floats. The soft variants take the exponentials in float vectors (1 ulp; {@code Math.exp}
     * per unit cost about a tenth of the step) of {@code t (u_r - u_max)}, formed in double; the
     * normalising sum is in double. Hard WTA uses the shared scalar form.
     */
    private void activations(float[] bias, int rows, int b) {
        int base = b * rows;
        for (int r = 0; r < rows; r++) {
            uD[base + r] = bias == null ? u[base + r] : (double) u[base + r] + bias[r];
        }
        if (params.variant() == SoftHebbParams.Variant.HARD) {
            SoftHebbRule.activationsOf(params, uD, b, rows, y, winners);
            for (int r = base; r < base + rows; r++) {
                yF[r] = (float) y[r];
            }
            return;
        }
        int winner = base;
        for (int r = base + 1; r < base + rows; r++) {
            if (uD[r] > uD[winner]) {
                winner = r;
            }
        }
        winners[b] = winner - base;
        double t = params.tInvert();
        double top = uD[winner];
        for (int r = base; r < base + rows; r++) {
            yF[r] = (float) (t * (uD[r] - top));
        }
        RowVectors.expInPlace(yF, base, rows);
        double sum = 0;
        for (int r = base; r < base + rows; r++) {
            sum += yF[r];
        }
        boolean anti = params.variant() == SoftHebbParams.Variant.ANTI;
        for (int r = base; r < base + rows; r++) {
            double v = yF[r] / sum;
            y[r] = anti && r != winner ? -v : v;
            yF[r] = (float) y[r];
        }
    }

    /** {@code yu_r = sum_b y_br u_br} for rows {@code r0 ..} (one block), summed in ascending b. */
    private void decayCoefficients(int rows, int batch, int r0) {
        int r1 = Math.min(rows, r0 + YU_BLOCK);
        java.util.Arrays.fill(yu, r0, r1, 0.0);
        for (int b = 0; b < batch; b++) {
            int base = b * rows;
            for (int r = r0; r < r1; r++) {
                yu[r] += y[base + r] * uD[base + r];
            }
        }
    }

    /** dW_r = (y^T x)_r - yu_r w_r, the row's max |dW| and its sum of squares before the step. */
    private void rowDelta(float[] w, int cols, int r) {
        rowMax[r] = RowVectors.decayAndMax(dw, w, r * cols, cols, (float) yu[r]);
        rowSq[r] = RowVectors.sumOfSquares(w, r * cols, cols);
    }

    @Override
    public SoftHebbParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
