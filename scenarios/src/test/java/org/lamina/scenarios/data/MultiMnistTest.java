package org.lamina.scenarios.data;

import org.junit.jupiter.api.Test;
import org.lamina.neurons.input.Split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Multi-MNIST composition on digits whose pixels are known. */
class MultiMnistTest {

    /** Digit k: every pixel (k + 1) / 10, so which digit went where can be read off the canvas. */
    static Dataset flatDigits() {
        int n = 10;
        float[] images = new float[n * 28 * 28];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            java.util.Arrays.fill(images, k * 784, (k + 1) * 784, (k + 1) / 10f);
            labels[k] = k;
        }
        return new Dataset("digits", Split.TRAIN, 28, 28, 10, images, labels);
    }

    @Test
    void theCanvasHasTheLeftDigitAtTheOriginAndTheRightOneAtSixSixOverlappingByTheMaximum() {
        float[] left = new float[784];
        float[] right = new float[784];
        java.util.Arrays.fill(left, 0.3f);
        java.util.Arrays.fill(right, 0.7f);
        left[0] = 0.9f;                 // (0, 0): left only
        left[10 * 28 + 10] = 0.95f;     // (10, 10): both, the left brighter there
        float[] canvas = new float[36 * 36];
        MultiMnist.canvas(left, right, canvas);
        assertEquals(0.9f, canvas[0]);
        assertEquals(0.3f, canvas[3 * 36 + 20], "row 3: the right digit starts at row 6");
        assertEquals(0f, canvas[3 * 36 + 30], "right of the left digit, above the right one: empty");
        assertEquals(0f, canvas[30 * 36 + 2], "below the left digit, left of the right one: empty");
        assertEquals(0.7f, canvas[33 * 36 + 33], "the right digit's last pixel");
        assertEquals(0f, canvas[35 * 36 + 35], "a 2-pixel margin remains");
        assertEquals(0.7f, canvas[6 * 36 + 6], "overlap: the maximum");
        assertEquals(0.95f, canvas[10 * 36 + 10], "overlap: the maximum");
    }

    @Test
    void resizingKeepsConstantsAndRampsAndMapsTheCorners() {
        float[] constant = new float[36 * 36];
        java.util.Arrays.fill(constant, 0.4f);
        float[] out = new float[28 * 28];
        MultiMnist.resize(constant, 36, out, 28);
        for (float v : out) {
            assertEquals(0.4f, v, 1e-6f);
        }
        float[] ramp = new float[36 * 36];
        for (int y = 0; y < 36; y++) {
            for (int x = 0; x < 36; x++) {
                ramp[y * 36 + x] = x;
            }
        }
        MultiMnist.resize(ramp, 36, out, 28);
        for (int j = 0; j < 28; j++) {
            double expected = Math.min(Math.max((j + 0.5) * 36 / 28.0 - 0.5, 0), 35);
            assertEquals(expected, out[5 * 28 + j], 1e-5, "column " + j);
        }
    }

    @Test
    void pairsAreSeededAndLabelledByBothSides() {
        Dataset digits = flatDigits();
        MultiMnist.Pairs p = MultiMnist.compose(digits, 50, 7);
        MultiMnist.Pairs again = MultiMnist.compose(digits, 20, 7);
        assertArrayEquals(java.util.Arrays.copyOf(p.left(), 20), again.left(), "pair i does not depend on the count");
        assertEquals(50, p.size());
        for (int i = 0; i < p.size(); i++) {
            // Top-left corner: the left digit only; (25, 25) samples canvas rows/columns 32-33: the right digit only.
            assertEquals((p.left()[i] + 1) / 10f, p.images()[i * 784], 1e-6f);
            assertEquals((p.right()[i] + 1) / 10f, p.images()[i * 784 + 25 * 28 + 25], 1e-6f);
        }
        Dataset right = p.forTask(MultiMnist.Task.RIGHT);
        assertEquals(p.right()[3], right.label(3));
        assertEquals("multi-digits-right", right.name());
        Dataset both = p.withTasks();
        assertEquals(100, both.size());
        assertEquals(784, both.pixels());
        assertEquals(java.util.List.of("left", "right"), both.taskNames());
        assertEquals(p.left()[4], both.label(8));
        assertEquals(p.right()[4], both.label(9));
        assertEquals(0, both.task(8));
        assertEquals(1, both.task(9));
        assertEquals(p.images()[4 * 784 + 300], both.pixel(9, 300));
        assertEquals(2, both.limit(2).taskNames().size());
        assertEquals(1, both.limit(2).task(1));
        assertThrows(IllegalStateException.class, () -> digits.task(0), "a plain dataset has no tasks");
        assertThrows(IllegalArgumentException.class, () -> MultiMnist.compose(
                new Dataset("x", Split.TRAIN, 8, 8, 2, new float[64], new int[] {0}), 1, 1));
    }
}
