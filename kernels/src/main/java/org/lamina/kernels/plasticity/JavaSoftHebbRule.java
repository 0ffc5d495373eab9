package org.lamina.kernels.plasticity;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.JavaMatrixProduct;

/**
 * Fast Java SoftHebb: {@code u} by the Vector API product, activations per example, then per
 * row (spread over the cores, disjoint outputs) {@code dW_r = sum_b y_br x_b - (sum_b y_br u_br) w_r}
 * as vector axpys, a max reduction, and the radius-dependent update. Buffers are reused.
 */
public final class JavaSoftHebbRule implements SoftHebbRule {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final SoftHebbParams params;
    private final ParallelLoop loop;
    private final JavaMatrixProduct product;
    private float[] u = new float[0];
    private double[] uD = new double[0];
    private double[] y = new double[0];
    private float[] dw = new float[0];
    private double[] rowMax = new double[0];

    public JavaSoftHebbRule(SoftHebbParams params) {
        this(params, ParallelLoop.shared());
    }

    public JavaSoftHebbRule(SoftHebbParams params, ParallelLoop loop) {
        this.params = params;
        this.loop = loop;
        this.product = new JavaMatrixProduct(loop);
    }

    @Override
    public double update(float[] w, int rows, int cols, float[] x, int batch) {
        if (u.length != batch * rows) {
            u = new float[batch * rows];
            uD = new double[batch * rows];
            y = new double[batch * rows];
        }
        if (dw.length != rows * cols) {
            dw = new float[rows * cols];
            rowMax = new double[rows];
        }
        product.multiply(w, rows, cols, x, batch, u);
        for (int i = 0; i < u.length; i++) {
            uD[i] = u[i];
        }
        SoftHebbRule.activations(params, uD, batch, rows, y);
        loop.forEach(rows, r -> rowDelta(w, rows, cols, x, batch, r));
        double max = 0;
        for (int r = 0; r < rows; r++) {
            max = Math.max(max, rowMax[r]);
        }
        double norm = max + 1e-30;
        loop.forEach(rows, r -> {
            int wr = r * cols;
            double sq = 0;
            for (int c = 0; c < cols; c++) {
                sq += (double) w[wr + c] * w[wr + c];
            }
            float step = (float) (params.lr() * Math.pow(Math.abs(Math.sqrt(sq) - 1) + 1e-10, params.powerLr()) / norm);
            for (int c = 0; c < cols; c++) {
                w[wr + c] += step * dw[wr + c];
            }
        });
        return max;
    }

    private void rowDelta(float[] w, int rows, int cols, float[] x, int batch, int r) {
        int dr = r * cols;
        java.util.Arrays.fill(dw, dr, dr + cols, 0f);
        double yu = 0;
        int upper = S.loopBound(cols);
        for (int b = 0; b < batch; b++) {
            double ybr = y[b * rows + r];
            yu += ybr * uD[b * rows + r];
            if (ybr == 0) {
                continue; // hard-WTA: most rows take no part
            }
            float g = (float) ybr;
            FloatVector gv = FloatVector.broadcast(S, g);
            int xb = b * cols;
            int c = 0;
            for (; c < upper; c += S.length()) {
                FloatVector.fromArray(S, x, xb + c).fma(gv, FloatVector.fromArray(S, dw, dr + c)).intoArray(dw, dr + c);
            }
            for (; c < cols; c++) {
                dw[dr + c] += g * x[xb + c];
            }
        }
        float k = (float) yu;
        double max = 0;
        for (int c = 0; c < cols; c++) {
            float d = dw[dr + c] - k * w[dr + c];
            dw[dr + c] = d;
            max = Math.max(max, Math.abs(d));
        }
        rowMax[r] = max;
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
