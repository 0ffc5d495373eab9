package org.lamina.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SynapticCurrentsTest {
    private final Random random = new Random(7);

    /** Spikes are dense input with 0/1 entries: both paths must agree (within float rounding). */
    @RepeatedTest(10)
    void spikeInputEqualsTheDenseProductWithABinaryInput() {
        int post = 1 + random.nextInt(40);
        int pre = 1 + random.nextInt(70);
        int batch = 1 + random.nextInt(4);
        float[] w = new float[post * pre];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        float[] x = new float[batch * pre];
        int[] offsets = new int[batch + 1];
        int[] indices = new int[batch * pre];
        int n = 0;
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < pre; j++) {
                if (random.nextDouble() < 0.3) {
                    x[b * pre + j] = 1f;
                    indices[n++] = j;
                }
            }
            offsets[b + 1] = n;
        }
        float[] fromSpikes = new float[batch * post];
        float[] fromDense = new float[batch * post];
        SynapticCurrents.addSpikes(w, post, pre, batch, offsets, indices, fromSpikes);
        SynapticCurrents.addDense(w, post, pre, batch, x, fromDense);
        assertArrayEquals(fromDense, fromSpikes, 1e-4f);
    }

    @Test
    void currentsAddToWhatIsThere() {
        float[] w = {1, 2, 3, 4, 5, 6}; // 2 post x 3 pre
        float[] out = {10, 20};
        SynapticCurrents.addSpikes(w, 2, 3, 1, new int[] {0, 2}, new int[] {0, 2}, out);
        assertArrayEquals(new float[] {14, 30}, out);
    }

    @Test
    void shapeMismatchesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SynapticCurrents.addDense(new float[5], 2, 3, 1, new float[3], new float[2]));
        assertThrows(IllegalArgumentException.class,
                () -> SynapticCurrents.addDense(new float[6], 2, 3, 1, new float[4], new float[2]));
    }
}
