package org.lamina.kernels.product;

import org.lamina.kernels.backend.Backend;

/** The specification: plain loops, accumulated in double, ascending column order. */
public final class ReferenceMatrixProduct implements MatrixProduct {

    @Override
    public void multiply(float[] w, int rows, int cols, float[] v, int batch, float[] out) {
        MatrixProduct.checkShapes(w, rows, cols, v, batch, out);
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += (double) w[r * cols + c] * v[b * cols + c];
                }
                out[b * rows + r] = (float) sum;
            }
        }
    }

    @Override
    public Backend backend() {
        return Backend.REFERENCE;
    }
}
