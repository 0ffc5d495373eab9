package org.lamina.neurons.readout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureStandardiserTest {

    /** Features of very different scales and offsets, one of them constant. */
    private static float[] sample(int n, int width, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * width];
        for (int i = 0; i < n; i++) {
            x[i * width] = (float) (1000 + 250 * r.nextGaussian());
            x[i * width + 1] = (float) (1e-4 * r.nextDouble());
            x[i * width + 2] = 7f;
        }
        return x;
    }

    @Test
    void afterOneEpochTheStatisticsAreTheTrainingSplitsAndStayFrozen() {
        int width = 3;
        int n = 250;
        float[] data = sample(n, width, 11);
        FeatureStandardiser s = new FeatureStandardiser(width, n);
        // Minibatches of 40: the last one of the epoch is cut at the epoch's end (10 of its 40 rows).
        for (int start = 0; start < n + 30; start += 40) {
            float[] batch = new float[40 * width];
            for (int i = 0; i < 40; i++) {
                System.arraycopy(data, ((start + i) % n) * width, batch, i * width, width);
            }
            s.measure(batch, 40);
        }
        assertTrue(s.frozen());
        assertEquals(n, s.measured());
        for (int j = 0; j < width; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += data[i * width + j];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                var += (data[i * width + j] - mean) * (data[i * width + j] - mean);
            }
            double sd = Math.sqrt(var / n);
            assertEquals(mean, s.mean(j), 1e-9 * Math.max(1, Math.abs(mean)), "mean of feature " + j);
            assertEquals(sd, s.standardDeviation(j), 1e-6 * Math.max(1e-9, sd), "sd of feature " + j);
        }

        float[] copy = data.clone();
        s.apply(copy, n);
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                mean += copy[i * width + j];
                sq += copy[i * width + j] * copy[i * width + j];
            }
            assertEquals(0, mean / n, 1e-4, "standardised mean of feature " + j);
            assertEquals(1, sq / n, 1e-3, "standardised second moment of feature " + j);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(0f, copy[i * width + 2], "a constant feature maps to 0");
        }
    }

    @Test
    void beforeAnyMeasurementFeaturesPassUnchanged() {
        FeatureStandardiser s = new FeatureStandardiser(2, 10);
        float[] rows = {3f, -4f, 5f, 6f};
        s.apply(rows, 2);
        assertArrayEquals(new float[] {3f, -4f, 5f, 6f}, rows);
        assertFalse(s.frozen());
    }
}
