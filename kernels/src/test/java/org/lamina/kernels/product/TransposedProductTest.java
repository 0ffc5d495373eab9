package org.lamina.kernels.product;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * The transposed product against a double-precision loop on random inputs, over shapes that
 * reach every tile (4 × 4 and 4 × 2 vectors, 4 × 1, the scalar tail, a partial row block,
 * several column chunks) on 256- and 512-bit machines, for both layouts of {@code a}.
 */
class TransposedProductTest {
    private static final int[][] SHAPES = { // kSize, m, n
        {32, 2000, 784}, {7, 13, 5}, {1, 4, 1}, {16, 9, 129}, {3, 6, 2 * 64 * 16 + 37}, {100, 31, 10}};

    @Test
    void matchesTheDoubleLoopForEveryShapeAndLayout() {
        Random rnd = new Random(11);
        ParallelLoop loop = new ParallelLoop(2);
        for (int[] s : SHAPES) {
            int kSize = s[0];
            int m = s[1];
            int n = s[2];
            float[] a = random(rnd, kSize * m);
            float[] b = random(rnd, kSize * n);
            for (boolean kMajor : new boolean[] {true, false}) {
                int sk = kMajor ? m : 1;
                int si = kMajor ? 1 : kSize;
                float[] c = new float[m * n];
                TransposedProduct.multiply(loop, a, sk, si, b, kSize, m, n, 0.5f, c);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        double abs = 0;
                        for (int k = 0; k < kSize; k++) {
                            double t = (double) a[k * sk + i * si] * b[k * n + j];
                            sum += t;
                            abs += Math.abs(t);
                        }
                        assertEquals(0.5 * sum, c[i * n + j], 1e-6 * abs + 1e-30,
                                "c[" + i + "][" + j + "] of " + kSize + " x " + m + " x " + n + (kMajor ? " k-major" : " i-major"));
                    }
                }
            }
        }
    }

    @Test
    void theRowByRowFormGivesTheSameResultAndHandsEveryRowOverOnceWhenComplete() {
        Random rnd = new Random(12);
        for (int[] s : SHAPES) {
            int kSize = s[0];
            int m = s[1];
            int n = s[2];
            float[] a = random(rnd, kSize * m);
            float[] b = random(rnd, kSize * n);
            float[] plain = new float[m * n];
            TransposedProduct.multiply(new ParallelLoop(1), a, m, 1, b, kSize, m, n, 1f, plain);
            float[] byRow = new float[m * n];
            float[] seenAtHandOver = new float[m * n];
            AtomicIntegerArray handed = new AtomicIntegerArray(m);
            TransposedProduct.multiply(new ParallelLoop(3), a, m, 1, b, kSize, m, n, 1f, byRow, i -> {
                handed.incrementAndGet(i);
                System.arraycopy(byRow, i * n, seenAtHandOver, i * n, n);
            });
            assertArrayEquals(plain, byRow, "same bits whatever the thread count and the form");
            assertArrayEquals(plain, seenAtHandOver, "each row complete when handed over");
            for (int i = 0; i < m; i++) {
                assertEquals(1, handed.get(i), "row " + i);
            }
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
