package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;

/**
 * A softmax cross-entropy readout of {@code classes} units on {@code features} inputs:
 * logits {@code z = W h (+ b)}, {@code p = softmax(z)}, error {@code dL/dz = p - onehot(label)},
 * gradients {@code dW = reduce_b (p - y)_b ⊗ h_b} (classes × features) and
 * {@code db = reduce_b (p - y)_b}. Batch-major arrays; outputs are overwritten. Instances may
 * own OpenCL kernels, so close them when done.
 */
public interface SoftmaxReadout extends AutoCloseable {

    /** {@code z = W h (+ bias)}, {@code batch × classes}; {@code bias} may be null (no bias). */
    void logits(float[] w, float[] bias, int classes, int features, float[] h, int batch, float[] z);

    /** {@code dW} and {@code db} from the errors {@code dz}; {@code db} may be null (no bias). */
    void gradient(float[] dz, float[] h, int classes, int features, int batch, BatchReduction reduction, float[] dw,
                  float[] db);

    Backend backend();

    @Override
    default void close() {
    }

    static void checkShapes(float[] w, float[] bias, int classes, int features, float[] h, int batch, float[] z) {
        if (classes < 1 || features < 1 || batch < 1) {
            throw new IllegalArgumentException("classes, features and batch must be >= 1, got " + classes + ", "
                    + features + ", " + batch);
        }
        if (w.length != classes * features || (bias != null && bias.length != classes)) {
            throw new IllegalArgumentException("w must hold classes * features = " + classes * features
                    + " floats and bias classes, got " + w.length + " and " + (bias == null ? "none" : bias.length));
        }
        if (h.length != batch * features || z.length != batch * classes) {
            throw new IllegalArgumentException("h must hold batch * features = " + batch * features + " floats and z "
                    + batch * classes + ", got " + h.length + " and " + z.length);
        }
    }
}
