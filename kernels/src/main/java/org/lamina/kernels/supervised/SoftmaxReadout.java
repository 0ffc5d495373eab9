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

    /**
     * {@code dz = softmax(z) - onehot(label)} per example, not reduced over the batch (the
     * reduction belongs to the gradients); {@code dz} may be {@code z}. Computed in double from
     * the float logits, with the maximum subtracted, so it is the same for every backend.
     * Returns the cross-entropy {@code -log p_label} summed over the batch.
     */
    static double outputError(float[] z, int classes, int[] labels, int batch, float[] dz) {
        if (classes < 1 || batch < 1 || z.length != batch * classes || dz.length != z.length || labels.length != batch) {
            throw new IllegalArgumentException("z and dz must hold batch * classes floats and labels batch ints, got "
                    + z.length + ", " + dz.length + " and " + labels.length + " for batch " + batch + ", classes " + classes);
        }
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int base = b * classes;
            int label = labels[b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of example " + b + " is outside 0.." + (classes - 1));
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = base; k < base + classes; k++) {
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (int k = base; k < base + classes; k++) {
                sum += Math.exp(z[k] - max);
            }
            loss += Math.log(sum) + max - z[base + label];
            for (int k = 0; k < classes; k++) {
                double p = Math.exp(z[base + k] - max) / sum;
                dz[base + k] = (float) (k == label ? p - 1 : p);
            }
        }
        return loss;
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
