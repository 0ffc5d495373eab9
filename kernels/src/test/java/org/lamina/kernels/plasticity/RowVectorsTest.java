package org.lamina.kernels.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The row loops against scalar double arithmetic, at lengths with and without a scalar tail and at an offset. */
class RowVectorsTest {
    private static final int[] LENGTHS = {1, 7, 16, 33, 784};

    @Test
    void decayAndMaxSubtractsTheScaledRowAndReturnsTheLargestMagnitude() {
        Random rnd = new Random(1);
        for (int n : LENGTHS) {
            float[] d = gaussian(rnd, n + 5);
            float[] w = gaussian(rnd, n + 5);
            float[] before = d.clone();
            float max = RowVectors.decayAndMax(d, w, 5, n, 0.3f);
            double expectedMax = 0;
            for (int c = 5; c < n + 5; c++) {
                assertEquals(before[c] - 0.3 * w[c], d[c], 1e-6 * (Math.abs(before[c]) + Math.abs(w[c])), "n " + n + ", c " + c);
                expectedMax = Math.max(expectedMax, Math.abs(d[c]));
            }
            assertEquals(expectedMax, max, 0.0, "n " + n);
            assertEquals(before[0], d[0], 0.0, "outside the range is untouched");
        }
    }

    @Test
    void sumOfSquaresAndAddScaledMatchDoubleArithmetic() {
        Random rnd = new Random(2);
        for (int n : LENGTHS) {
            float[] w = gaussian(rnd, n + 3);
            float[] d = gaussian(rnd, n + 3);
            double sq = 0;
            for (int c = 3; c < n + 3; c++) {
                sq += (double) w[c] * w[c];
            }
            assertEquals(sq, RowVectors.sumOfSquares(w, 3, n), 1e-12 * sq, "n " + n);
            float[] stepped = w.clone();
            RowVectors.addScaled(stepped, d, 3, n, 0.25f);
            for (int c = 3; c < n + 3; c++) {
                assertEquals(w[c] + 0.25f * d[c], stepped[c], 0.0f, "n " + n + ", c " + c);
            }
        }
    }

    @Test
    void expIsWithinAFewUlpsAndZeroWhereTheFloatWouldBeSubnormal() {
        Random rnd = new Random(3);
        for (int n : LENGTHS) {
            float[] x = new float[n];
            for (int c = 0; c < n; c++) {
                x[c] = (float) (-200 * rnd.nextDouble() + 5); // from e^-195 up to e^5
            }
            x[0] = -87f;
            float[] e = x.clone();
            RowVectors.expInPlace(e, 0, n);
            for (int c = 0; c < n; c++) {
                double exact = Math.exp(x[c]);
                if (x[c] < -87f) {
                    assertEquals(0f, e[c], 0f, "e^" + x[c]);
                } else {
                    assertEquals(exact, e[c], 4 * Math.ulp((float) exact), "e^" + x[c]);
                }
            }
        }
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
