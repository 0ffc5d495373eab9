package org.lamina.kernels.supervised;

import com.aparapi.Kernel;

/**
 * The Counter-Hebb {@code dW[i][j] = factor · sum_b delta[b][i] · a[b][j]} over a 2-D range
 * (pre unit j, post unit i), each work item summing over the batch in example order. Dimension
 * 0 walks along a row of {@code dW} and of {@code a}, so neighbouring work items read and write
 * neighbouring floats while {@code delta[b][i]} is the same for all of them. A top-level class
 * with a single entry point (Aparapi ignores named extra ones).
 */
final class CounterHebbKernel extends Kernel {
    float[] delta = new float[1];
    float[] activity = new float[1];
    float[] dw = new float[1];
    int post;
    int pre;
    int batch;
    /** 1 for SUM, 1 / batch for MEAN. */
    float factor;

    @Override
    public void run() {
        int j = getGlobalId(0);
        int i = getGlobalId(1);
        float sum = 0f;
        for (int b = 0; b < batch; b++) {
            sum += delta[b * post + i] * activity[b * pre + j];
        }
        dw[i * pre + j] = sum * factor;
    }
}
