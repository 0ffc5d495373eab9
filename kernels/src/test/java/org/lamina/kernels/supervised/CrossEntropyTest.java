package org.lamina.kernels.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Cross-entropy against one-hot rows: padding rows take no part. */
class CrossEntropyTest {

    @Test
    void paddingRowsTakeNoPart() {
        int classes = 3;
        float[] z = {1f, 2f, 0.5f, -1f, 0f, 3f, 0.2f, 0.1f, 0f};
        float[] targets = {0, 1, 0, 1, 0, 0, 0, 0, 0}; // example 2 is padding
        float[] dz = new float[9];
        float[] p = new float[9];
        CrossEntropy.Score s = CrossEntropy.outputError(z, targets, classes, 3, 0.5, p, dz);

        float[] expected = new float[6];
        double loss = CrossEntropy.outputError(java.util.Arrays.copyOf(z, 6), oneHot(new int[] {1, 0}, classes), classes, 2,
                1.0, null, expected).lossSum();
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


    @Test
    void theOutputErrorIsSoftmaxMinusOneHotAndTheLossIsCrossEntropy() {
        float[] z = {1f, 2f, 3f, 1000f, 1000f, -1000f}; // the second example would overflow a naive exp
        int[] labels = {2, 0};
        float[] dz = new float[6];
        double loss = CrossEntropy.outputError(z, oneHot(labels, 3), 3, 2, 1.0, null, dz).lossSum();
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / sum, dz[0], 1e-7);
        assertEquals(Math.exp(2) / sum, dz[1], 1e-7);
        assertEquals(Math.exp(3) / sum - 1, dz[2], 1e-7);
        assertArrayEquals(new float[] {-0.5f, 0.5f, 0f}, new float[] {dz[3], dz[4], dz[5]});
        assertEquals(-Math.log(Math.exp(3) / sum) + Math.log(2), loss, 1e-12);
        CrossEntropy.outputError(z, oneHot(labels, 3), 3, 2, 1.0, null, z); // in place
        assertArrayEquals(dz, z);
        assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.outputError(z, new float[] {1, 0, 0, 0, 0, 2}, 3, 2, 1.0, null, dz));
    }

    /** One-hot rows of {@code labels}. */
    static float[] oneHot(int[] labels, int classes) {
        float[] rows = new float[labels.length * classes];
        for (int b = 0; b < labels.length; b++) {
            rows[b * classes + labels[b]] = 1f;
        }
        return rows;
    }

    @Test
    void powerTanhIsKrotovsReadoutLoss() {
        float[] z = {10f, -20f, 30f, 5f, 0f, -5f};
        float[] targets = {0, 0, 1, 0, 0, 0};
        float[] dz = new float[6];
        CrossEntropy.Score s = OutputLoss.powerTanh(0.1, 3).error(z, targets, 3, 2, 1.0, null, dz);
        double loss = 0;
        for (int k = 0; k < 3; k++) {
            double c = Math.tanh(0.1 * z[k]);
            double t = k == 2 ? 1 : -1;
            loss += Math.pow(Math.abs(c - t), 3);
            assertEquals(3 * Math.pow(Math.abs(c - t), 2) * Math.signum(c - t) * (1 - c * c) * 0.1, dz[k], 1e-6);
        }
        assertEquals(loss, s.lossSum(), 1e-12);
        assertEquals(1, s.examples(), "the second row is padding");
        assertEquals(1, s.correct());
        assertArrayEquals(new float[3], java.util.Arrays.copyOfRange(dz, 3, 6));
        // In place, as a classifier calls it: the same errors.
        float[] inPlace = z.clone();
        OutputLoss.powerTanh(0.1, 3).error(inPlace, targets, 3, 2, 1.0, null, inPlace);
        assertArrayEquals(dz, inPlace);
    }
}
