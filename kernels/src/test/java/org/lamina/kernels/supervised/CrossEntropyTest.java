package org.lamina.kernels.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** One-hot cross-entropy agrees with the label version and leaves padding rows out. */
class CrossEntropyTest {

    @Test
    void matchesTheLabelVersionAndIgnoresPadding() {
        int classes = 3;
        float[] z = {1f, 2f, 0.5f, -1f, 0f, 3f, 0.2f, 0.1f, 0f};
        float[] targets = {0, 1, 0, 1, 0, 0, 0, 0, 0}; // example 2 is padding
        float[] dz = new float[9];
        float[] p = new float[9];
        CrossEntropy.Score s = CrossEntropy.outputError(z, targets, classes, 3, 0.5, p, dz);

        float[] expected = new float[6];
        double loss = SoftmaxReadout.outputError(java.util.Arrays.copyOf(z, 6), classes, new int[] {1, 0}, 2, expected);
        assertEquals(loss, s.lossSum(), 1e-12);
        assertEquals(2, s.examples());
        assertEquals(1, s.correct(), "example 0 predicts class 1 (right), example 1 class 2 (wrong)");
        assertEquals(loss / 2, s.meanLoss(), 1e-12);
        for (int i = 0; i < 6; i++) {
            assertEquals(0.5f * expected[i], dz[i], 1e-7f);
        }
        assertArrayEquals(new float[3], java.util.Arrays.copyOfRange(dz, 6, 9), "padding has no error");
        double sum = p[6] + p[7] + p[8];
        assertEquals(1.0, sum, 1e-6, "probabilities are written for padding rows too");
    }

    @Test
    void rejectsTargetsThatAreNotOneHot() {
        assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.outputError(new float[2], new float[] {2f, 0f}, 2, 1, 1, null, new float[2]));
        assertEquals(Double.NaN, CrossEntropy.outputError(new float[2], new float[2], 2, 1, 1, null, new float[2])
                .meanLoss());
    }
}
