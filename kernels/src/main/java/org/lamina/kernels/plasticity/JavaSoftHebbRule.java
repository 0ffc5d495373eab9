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
            db = new double[rows];
        }
        product.multiply(w, rows, cols, x, batch, u);
        if (bias == null) {
            for (int i = 0; i < u.length; i++) {
                uD[i] = u[i];
            }
        } else {
            for (int b = 0; b < batch; b++) {
                for (int r = 0; r < rows; r++) {
                    uD[b * rows + r] = (double) u[b * rows + r] + bias[r];
                }
            }
        }
        loop.forEach(batch, b -> SoftHebbRule.activationsOf(params, uD, b, rows, y, winners));
        double maxDb = bias == null ? 0 : SoftHebbRule.biasDelta(params, y, batch, rows, bias, db);
        for (int i = 0; i < y.length; i++) {
            yF[i] = (float) y[i];
        }
        // Hebbian sums y^T x (rows x cols) in one transposed product, the decay term per row as each row is done.
        TransposedProduct.multiply(loop, yF, rows, 1, x, batch, rows, cols, 1f, dw,
                r -> rowDelta(w, rows, cols, batch, r));
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

    /** dW_r = (y^T x)_r - (sum_b y_br u_br) w_r, the row's max |dW| and its sum of squares before the step. */
    private void rowDelta(float[] w, int rows, int cols, int batch, int r) {
        double yu = 0;
        for (int b = 0; b < batch; b++) {
            yu += y[b * rows + r] * uD[b * rows + r];
        }
        rowMax[r] = RowVectors.decayAndMax(dw, w, r * cols, cols, (float) yu);
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
