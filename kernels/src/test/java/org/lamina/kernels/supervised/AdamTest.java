package org.lamina.kernels.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Adam against steps worked out by hand from the definition (bias-corrected moments). */
class AdamTest {

    @Test
    void firstTwoStepsMatchTheHandComputedValues() {
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        float[] w = {1.0f, -2.0f, 0.5f};
        Adam adam = new Adam(3, b1, b2, eps);

        // Step 1, g = (0.5, -1, 0): m = 0.1 g, v = 0.001 g²; m̂ = g, v̂ = g², so Δ = lr · g / (|g| + eps).
        adam.step(w, new float[] {0.5f, -1.0f, 0f}, lr);
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), w[0], 1e-6);
        assertEquals(-2.0 + 0.1 * 1.0 / (1.0 + 1e-8), w[1], 1e-6);
        assertEquals(0.5, w[2], 0.0, "a zero gradient with zero moments does not move the weight");

        // Step 2, g = (0.25, 1, 2): worked out for weight 0 and weight 2 in full.
        adam.step(w, new float[] {0.25f, 1.0f, 2.0f}, lr);
        double m0 = 0.9 * 0.05 + 0.1 * 0.25;             // 0.07
        double v0 = 0.999 * 0.00025 + 0.001 * 0.0625;     // 0.00031225
        double mHat0 = m0 / (1 - 0.81);
        double vHat0 = v0 / (1 - 0.998001);
        assertEquals(0.9 - lr * mHat0 / (Math.sqrt(vHat0) + eps), w[0], 1e-6);
        double m2 = 0.1 * 2;
        double v2 = 0.001 * 4;
        assertEquals(0.5 - lr * (m2 / 0.19) / (Math.sqrt(v2 / 0.001999) + eps), w[2], 1e-6);
        assertEquals(2, adam.steps());
    }

    /** Moments and steps put back into a fresh Adam make it step exactly as the one they came from. */
    @Test
    void restoredMomentsStepExactlyAsTheOriginal() {
        Adam a = new Adam(3, 0.9, 0.999, 1e-8);
        float[] w = {0.5f, -0.25f, 1f};
        a.step(w, new float[] {0.1f, -0.2f, 0.3f}, 0.01);
        a.step(w, new float[] {-0.4f, 0.2f, 0.05f}, 0.01);
        Adam b = new Adam(3, 0.9, 0.999, 1e-8);
        b.restore(a.firstMoments(), a.secondMoments(), a.steps());
        float[] v = w.clone();
        float[] g = {0.3f, 0.3f, -0.1f};
        a.step(w, g, 0.01);
        b.step(v, g, 0.01);
        assertArrayEquals(w, v);
        assertArrayEquals(a.firstMoments(), b.firstMoments());
        assertEquals(3, b.steps());
        assertThrows(IllegalArgumentException.class, () -> b.restore(new float[2], new float[3], 1));
    }

    @Test
    void rejectsBadSettingsAndShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(3, 1.0, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(3, 0.9, 0.999, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0, 0.9, 0.999, 1e-8));
        Adam adam = new Adam(3, 0.9, 0.999, 1e-8);
        assertThrows(IllegalArgumentException.class, () -> adam.step(new float[3], new float[2], 0.1));
        assertThrows(IllegalArgumentException.class, () -> adam.step(new float[3], new float[3], Double.NaN));
    }
}
