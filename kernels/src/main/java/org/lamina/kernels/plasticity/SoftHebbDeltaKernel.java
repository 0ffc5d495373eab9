package org.lamina.kernels.plasticity;

import com.aparapi.Kernel;

/**
 * The SoftHebb {@code dW} over a 2-D range (column, row), each work item looping over the batch:
 * {@code dw[r][c] = sum_b y[b][r] x[b][c] - yu[r] w[r][c]} with {@code yu[r] = sum_b y[b][r] u[b][r]}
 * from the host. Dimension 0 walks along a row, so neighbouring work items touch neighbouring
 * floats. No skip for {@code y == 0} (hard-WTA): the soft variants (the default) never take it,
 * and on PoCL it showed no consistent gain. A top-level class with a single entry point.
 */
final class SoftHebbDeltaKernel extends Kernel {
    float[] w = new float[1];
    float[] x = new float[1];
    float[] y = new float[1];
    float[] yu = new float[1];
    float[] dw = new float[1];
    int rows;
    int cols;
    int batch;

    @Override
    public void run() {
        int c = getGlobalId(0);
        int r = getGlobalId(1);
        float hebb = 0f;
        for (int b = 0; b < batch; b++) {
            hebb += y[b * rows + r] * x[b * cols + c];
        }
        int i = r * cols + c;
        dw[i] = hebb - yu[r] * w[i];
    }
}
