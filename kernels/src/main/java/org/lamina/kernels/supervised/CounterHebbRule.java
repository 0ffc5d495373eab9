package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;

/**
 * The Counter-Hebb update (REFERENCES.md, Abel & Ullman): the post-side counter (top-down,
 * error) activity {@code delta} times the pre-side bottom-up activity {@code a},
 * {@code dW[i][j] = reduce_b delta[b][i] · a[b][j]}, with {@code delta} {@code batch × post},
 * {@code a} {@code batch × pre} and {@code dW} {@code post × pre} (overwritten). When
 * {@code delta} is {@code dL/dz} of the post layer this is the loss gradient (apply it with
 * {@link Sgd#step}); with symmetric top-down weights it is backprop's. Instances may own OpenCL
 * kernels, so close them when done.
 */
public interface CounterHebbRule extends AutoCloseable {

    void gradient(float[] delta, int post, float[] activity, int pre, int batch, BatchReduction reduction, float[] dw);

    Backend backend();

    @Override
    default void close() {
    }

    /**
     * The bias gradient {@code db[i] = reduce_b delta[b][i]}, summed in double in example order
     * (cheap next to {@code dW}, so one version serves every backend).
     */
    static void biasGradient(float[] delta, int post, int batch, BatchReduction reduction, float[] db) {
        if (post < 1 || batch < 1 || delta.length != batch * post || db.length != post) {
            throw new IllegalArgumentException("delta must hold batch * post and db post floats, got " + delta.length
                    + " and " + db.length + " for batch " + batch + ", post " + post);
        }
        double factor = reduction.factor(batch);
        for (int i = 0; i < post; i++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                sum += delta[b * post + i];
            }
            db[i] = (float) (sum * factor);
        }
    }

    static void checkShapes(float[] delta, int post, float[] activity, int pre, int batch, float[] dw) {
        if (post < 1 || pre < 1 || batch < 1) {
            throw new IllegalArgumentException("post, pre and batch must be >= 1, got " + post + ", " + pre + ", " + batch);
        }
        if (delta.length != batch * post) {
            throw new IllegalArgumentException("delta must hold batch * post = " + batch * post + " floats, got " + delta.length);
        }
        if (activity.length != batch * pre) {
            throw new IllegalArgumentException("activity must hold batch * pre = " + batch * pre + " floats, got " + activity.length);
        }
        if (dw.length != post * pre) {
            throw new IllegalArgumentException("dw must hold post * pre = " + post * pre + " floats, got " + dw.length);
        }
    }
}
