package org.lamina.neurons.readout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.OutputLoss;
import org.lamina.kernels.supervised.SoftmaxReadout;
import org.lamina.neurons.input.ArrayExamples;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.Split;
import org.lamina.neurons.supervised.Optimiser;

class SoftmaxClassifierTest {

    /** Weight decay adds lambda * W to the gradient: one SGD step moves W by -lr * lambda * W beyond the plain step. */
    @Test
    void weightDecayAddsItsPenaltysGradientToEachStep() {
        int features = 5;
        int classes = 3;
        java.util.Random r = new java.util.Random(9);
        float[] w0 = new float[classes * features];
        for (int i = 0; i < w0.length; i++) {
            w0[i] = (float) r.nextGaussian();
        }
        float[] h = new float[4 * features];
        for (int i = 0; i < h.length; i++) {
            h[i] = r.nextFloat();
        }
        int[] labels = {0, 2, 1, 2};
        double lr = 0.1;
        double lambda = 0.25;
        float[] plain = w0.clone();
        float[] decayed = w0.clone();
        SoftmaxReadout k = Kernels.java().softmaxReadout();
        try (SoftmaxClassifier a = new SoftmaxClassifier(features, classes, k, OutputLoss.CROSS_ENTROPY,
                Optimiser.sgd(lr), 0, plain);
             SoftmaxClassifier b = new SoftmaxClassifier(features, classes,
                     Kernels.java().softmaxReadout(), OutputLoss.CROSS_ENTROPY,
                     Optimiser.sgd(lr), lambda, decayed)) {
            a.trainBatch(h, labels, 4, lr);
            b.trainBatch(h, labels, 4, lr);
        }
        for (int i = 0; i < w0.length; i++) {
            assertEquals(plain[i] - lr * lambda * w0[i], decayed[i], 1e-6, "weight " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxClassifier(features, classes, k,
                OutputLoss.CROSS_ENTROPY, Optimiser.sgd(lr), -1, new float[classes * features]));
    }

    @Test
    void learnsALinearlySeparableProblemAndIsReproducible() {
        // Three classes, each lighting its own block of pixels plus noise from a fixed generator.
        int n = 600;
        int pixels = 12;
        float[] images = new float[n * pixels];
        int[] labels = new int[n];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int p = 0; p < pixels; p++) {
                images[i * pixels + p] = (p / 4 == labels[i] ? 1f : 0f) + 0.3f * (float) r.nextGaussian();
            }
        }
        ArrayExamples data = new ArrayExamples(new DatasetShape("blocks", Split.TRAIN, pixels, 1, 3, java.util.List.of(), n),
                images, labels, null);
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            SoftmaxClassifier.Settings s = new SoftmaxClassifier.Settings(5, 32, 11);
            try (SoftmaxClassifier c = new SoftmaxClassifier(pixels, 3,
                    Kernels.java().softmaxReadout(), OutputLoss.CROSS_ENTROPY,
                    Optimiser.sgd(0.5).decaying(0.9, 1), 0, new float[3 * pixels])) {
                for (int e = 0; e < s.epochs(); e++) {
                    c.trainEpoch(data, s, e);
                }
                assertTrue(c.evaluate(data, 100).accuracy() > 0.97);
                weights[run] = c.weights();
            }
        }
        assertArrayEquals(weights[0], weights[1], "same seed, same weights");
    }

    @Test
    void shufflesArePermutationsThatDependOnSeedAndEpoch() {
        int[] a = SoftmaxClassifier.shuffled(1000, 1, 0);
        assertArrayEquals(a, SoftmaxClassifier.shuffled(1000, 1, 0));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertTrue(!Arrays.equals(a, SoftmaxClassifier.shuffled(1000, 1, 1)));
        assertTrue(!Arrays.equals(a, SoftmaxClassifier.shuffled(1000, 2, 0)));
    }
}
