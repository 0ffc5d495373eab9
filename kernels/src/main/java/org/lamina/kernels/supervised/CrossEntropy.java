package org.lamina.kernels.supervised;

/**
 * Softmax cross-entropy against one-hot target rows, where an all-zero target row marks a
 * padding example (a partly filled last minibatch) that takes no part: its error row is 0 and
 * it counts neither in the loss nor in the accuracy. Computed in double from the float logits
 * with the maximum subtracted, so it is the same for every backend.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /** What one minibatch scored: summed loss and correct predictions over its {@code examples} valid examples. */
    public record Score(double lossSum, int correct, int examples) {
        /** Mean loss over the valid examples (NaN if there are none). */
        public double meanLoss() {
            return examples == 0 ? Double.NaN : lossSum / examples;
        }
    }

    /**
     * {@code dz = scale · (softmax(z) − t)} for every valid example and 0 for padding, with
     * {@code t} the target row (one 1, the rest 0; any row with a positive entry is valid and its
     * class is the first largest entry). Also writes {@code p = softmax(z)} (all rows) if {@code p}
     * is not null. {@code dz} may be {@code z}. A prediction is correct when the first largest
     * logit is the target class.
     */
    public static Score outputError(float[] z, float[] targets, int classes, int batch, double scale, float[] p,
                                    float[] dz) {
        if (classes < 1 || batch < 1 || z.length != batch * classes || targets.length != z.length
                || dz.length != z.length || (p != null && p.length != z.length)) {
            throw new IllegalArgumentException("z, targets, p and dz must hold batch * classes = " + batch * classes
                    + " floats, got " + z.length + ", " + targets.length + ", " + (p == null ? "none" : p.length)
                    + " and " + dz.length);
        }
        double loss = 0;
        int correct = 0;
        int examples = 0;
        for (int b = 0; b < batch; b++) {
            int base = b * classes;
            int label = label(targets, base, classes, b);
            int predicted = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                if (z[base + k] > max) {
                    max = z[base + k];
                    predicted = k;
                }
            }
            double sum = 0;
            for (int k = base; k < base + classes; k++) {
                sum += Math.exp(z[k] - max);
            }
            if (label >= 0) {
                examples++;
                loss += Math.log(sum) + max - z[base + label];
                correct += predicted == label ? 1 : 0;
            }
            for (int k = 0; k < classes; k++) {
                double pk = Math.exp(z[base + k] - max) / sum;
                if (p != null) {
                    p[base + k] = (float) pk;
                }
                dz[base + k] = label < 0 ? 0f : (float) (scale * (k == label ? pk - 1 : pk));
            }
        }
        return new Score(loss, correct, examples);
    }

    /**
     * The class of the target row at {@code base} (its first largest entry), or -1 for an
     * all-zero row (padding).
     *
     * @throws IllegalArgumentException for an entry outside [0, 1]
     */
    static int label(float[] targets, int base, int classes, int example) {
        int label = -1;
        float best = 0;
        for (int k = 0; k < classes; k++) {
            float t = targets[base + k];
            if (!(t >= 0) || t > 1) {
                throw new IllegalArgumentException("target of example " + example + ", class " + k + " is " + t
                        + "; targets must be one-hot rows (or all zero for padding)");
            }
            if (t > best) {
                best = t;
                label = k;
            }
        }
        return label;
    }
}
