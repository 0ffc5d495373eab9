package org.lamina.kernels.product;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Vector API product: each task takes a block of 4 weight rows and streams the whole batch
 * past it, so the 4 rows stay in L1/L2 while every example's input is read once per block;
 * 4 independent FMA accumulators per example hide the FMA latency. Row blocks are spread over
 * the cores; each output element is written by exactly one task, so the result does not
 * depend on the thread count.
 */
public final class JavaMatrixProduct implements MatrixProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ROWS_PER_TASK = 4;

    private final ParallelLoop loop;

    public JavaMatrixProduct() {
        this(ParallelLoop.shared());
    }

    public JavaMatrixProduct(ParallelLoop loop) {
        this.loop = loop;
    }

    @Override
    public void multiply(float[] w, int rows, int cols, float[] v, int batch, float[] out) {
        MatrixProduct.checkShapes(w, rows, cols, v, batch, out);
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        loop.forEach(tasks, t -> rowBlock(w, rows, cols, v, batch, out, t * ROWS_PER_TASK));
    }

    private static void rowBlock(float[] w, int rows, int cols, float[] v, int batch, float[] out, int r0) {
        int upper = S.loopBound(cols);
        if (r0 + ROWS_PER_TASK <= rows) {
            int w0 = r0 * cols;
            int w1 = w0 + cols;
            int w2 = w1 + cols;
            int w3 = w2 + cols;
            for (int b = 0; b < batch; b++) {
                int vb = b * cols;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                FloatVector a2 = FloatVector.zero(S);
                FloatVector a3 = FloatVector.zero(S);
                int c = 0;
                for (; c < upper; c += S.length()) {
                    FloatVector x = FloatVector.fromArray(S, v, vb + c);
                    a0 = FloatVector.fromArray(S, w, w0 + c).fma(x, a0);
                    a1 = FloatVector.fromArray(S, w, w1 + c).fma(x, a1);
                    a2 = FloatVector.fromArray(S, w, w2 + c).fma(x, a2);
                    a3 = FloatVector.fromArray(S, w, w3 + c).fma(x, a3);
                }
                float s0 = a0.reduceLanes(VectorOperators.ADD);
                float s1 = a1.reduceLanes(VectorOperators.ADD);
                float s2 = a2.reduceLanes(VectorOperators.ADD);
                float s3 = a3.reduceLanes(VectorOperators.ADD);
                for (; c < cols; c++) {
                    float x = v[vb + c];
                    s0 += w[w0 + c] * x;
                    s1 += w[w1 + c] * x;
                    s2 += w[w2 + c] * x;
                    s3 += w[w3 + c] * x;
                }
                int o = b * rows + r0;
                out[o] = s0;
                out[o + 1] = s1;
                out[o + 2] = s2;
                out[o + 3] = s3;
            }
            return;
        }
        for (int r = r0; r < rows; r++) { // the last, partial block
            int wr = r * cols;
            for (int b = 0; b < batch; b++) {
                int vb = b * cols;
                FloatVector a = FloatVector.zero(S);
                int c = 0;
                for (; c < upper; c += S.length()) {
                    a = FloatVector.fromArray(S, w, wr + c).fma(FloatVector.fromArray(S, v, vb + c), a);
                }
                float s = a.reduceLanes(VectorOperators.ADD);
                for (; c < cols; c++) {
                    s += w[wr + c] * v[vb + c];
                }
                out[b * rows + r] = s;
            }
        }
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
