package org.lamina.kernels.product;

import org.lamina.kernels.backend.Backend;

/**
 * The batched product behind input currents: {@code out[b][r] = sum_c w[r][c] · v[b][c]} for a
 * row-major {@code rows × cols} matrix and a row-major {@code batch × cols} input; {@code out} is
 * {@code batch × rows} and is overwritten. One implementation per backend; instances own their
 * buffers (and OpenCL kernels), so close them when done.
 */
public interface MatrixProduct extends AutoCloseable {

    void multiply(float[] w, int rows, int cols, float[] v, int batch, float[] out);

    Backend backend();

    @Override
    default void close() {
    }

    static void checkShapes(float[] w, int rows, int cols, float[] v, int batch, float[] out) {
        if (rows < 1 || cols < 1 || batch < 1) {
            throw new IllegalArgumentException("rows, cols and batch must be >= 1, got " + rows + ", " + cols + ", " + batch);
        }
        if (w.length != rows * cols) {
            throw new IllegalArgumentException("w must hold rows * cols = " + rows * cols + " floats, got " + w.length);
        }
        if (v.length != batch * cols) {
            throw new IllegalArgumentException("v must hold batch * cols = " + batch * cols + " floats, got " + v.length);
        }
        if (out.length != batch * rows) {
            throw new IllegalArgumentException("out must hold batch * rows = " + batch * rows + " floats, got " + out.length);
        }
    }
}
