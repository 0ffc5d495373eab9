package org.lamina.kernels.supervised;

/**
 * What a classifier's output learns from: for a minibatch of logits and one-hot target rows (an
 * all-zero row is padding and takes no part), the error {@code dz = scale · dL/dz} and the score
 * (summed loss, correct predictions, valid examples; a prediction is the first largest logit).
 * Computed in double from the float logits, so it is the same for every backend.
 */
public sealed interface OutputLoss {

    /** Writes {@code dz} (may be {@code z}) and {@code p = softmax(z)} when {@code p} is not null. */
    CrossEntropy.Score error(float[] z, float[] targets, int classes, int batch, double scale, float[] p, float[] dz);

    /** Softmax cross-entropy, {@link CrossEntropy}. */
    OutputLoss CROSS_ENTROPY = new CrossEntropyLoss();

    static OutputLoss powerTanh(double beta, double power) {
        return new PowerTanh(beta, power);
    }

    /** Softmax cross-entropy {@code -log softmax(z)_label}. */
    record CrossEntropyLoss() implements OutputLoss {
        @Override
        public CrossEntropy.Score error(float[] z, float[] targets, int classes, int batch, double scale, float[] p,
                                        float[] dz) {
            return CrossEntropy.outputError(z, targets, classes, batch, scale, p, dz);
        }
    }

    /**
     * Krotov and Hopfield's readout loss: {@code c = tanh(beta z)}, {@code L = sum_a |c_a - t_a|^power}
     * with targets {@code t = ±1} (their m = 6). {@code p} is not written.
     */
    record PowerTanh(double beta, double power) implements OutputLoss {
        public PowerTanh {
            if (!(beta > 0) || !(power >= 1)) {
                throw new IllegalArgumentException("the power-tanh loss needs beta > 0 and power >= 1, got " + beta + ", "
                        + power);
            }
        }

        @Override
        public CrossEntropy.Score error(float[] z, float[] targets, int classes, int batch, double scale, float[] p,
                                        float[] dz) {
            double loss = 0;
            int correct = 0;
            int examples = 0;
            for (int b = 0; b < batch; b++) {
                int base = b * classes;
                int label = CrossEntropy.label(targets, base, classes, b);
                if (label < 0) {
                    java.util.Arrays.fill(dz, base, base + classes, 0f);
                    continue;
                }
                examples++;
                int predicted = 0;
                for (int k = 1; k < classes; k++) {
                    predicted = z[base + k] > z[base + predicted] ? k : predicted;
                }
                correct += predicted == label ? 1 : 0;
                for (int k = 0; k < classes; k++) {
                    int i = base + k; // dz may be z: z[i] is read before dz[i] is written
                    double c = Math.tanh(beta * z[i]);
                    double diff = c - (k == label ? 1 : -1);
                    double a = Math.abs(diff);
                    loss += Math.pow(a, power);
                    dz[i] = (float) (scale * (power * Math.pow(a, power - 1) * Math.signum(diff) * (1 - c * c) * beta));
                }
            }
            return new CrossEntropy.Score(loss, correct, examples);
        }
    }
}
