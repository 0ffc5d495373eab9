package org.lamina.kernels.product;

import com.aparapi.Kernel;

/**
 * {@code out[b][r] = sum_c w[r][c] v[b][c]} over a 2-D range (row, example). A top-level class
 * with a single entry point: Aparapi ignores named extra entry points, and nested classes draw
 * its warnings.
 */
final class ProductKernel extends Kernel {
    float[] w = new float[1];
    float[] v = new float[1];
    float[] out = new float[1];
    int rows;
    int cols;

    @Override
    public void run() {
        int r = getGlobalId(0);
        int b = getGlobalId(1);
        float sum = 0f;
        int wr = r * cols;
        int vb = b * cols;
        for (int c = 0; c < cols; c++) {
            sum += w[wr + c] * v[vb + c];
        }
        out[b * rows + r] = sum;
    }
}
