package org.lamina.kernels.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.parallel.ParallelLoop;

/** TopRanks against a full stable sort (descending value, ties to the lower index), on 1 and 3 threads. */
class TopRanksTest {

    /** The top and k-th unit of each row by sorting the whole row. */
    private static int[][] bySorting(float[] values, int batch, int units, int k) {
        int[] first = new int[batch];
        int[] kth = new int[batch];
        for (int b = 0; b < batch; b++) {
            int base = b * units;
            Integer[] order = IntStream.range(0, units).boxed().sorted(
                    Comparator.<Integer>comparingDouble(i -> -values[base + i]).thenComparingInt(i -> i)).toArray(Integer[]::new);
            first[b] = order[0];
            kth[b] = order[k - 1];
        }
        return new int[][] {first, kth};
    }

    @ParameterizedTest
    @CsvSource({"1, 7, 1, 1", "7, 40, 13, 2", "7, 2000, 100, 3", "2, 2, 5, 4", "50, 64, 9, 5"})
    void agreesWithSortingIncludingTies(int k, int units, int batch, long seed) {
        Random r = new Random(seed);
        float[] values = new float[batch * units];
        for (int i = 0; i < values.length; i++) {
            // Few distinct values: many ties, at the top and at rank k.
            values[i] = seed % 2 == 0 ? r.nextInt(5) : (float) r.nextGaussian();
        }
        int[][] expected = bySorting(values, batch, units, k);
        TopRanks ranks = new TopRanks(k);
        int[] first = new int[batch];
        int[] kth = new int[batch];
        ranks.rank(values, batch, units, first, kth);
        assertArrayEquals(expected[0], first);
        assertArrayEquals(expected[1], kth);

        int[] firstP = new int[batch];
        int[] kthP = new int[batch];
        ranks.rank(values, batch, units, firstP, kthP, new ParallelLoop(3));
        assertArrayEquals(expected[0], firstP);
        assertArrayEquals(expected[1], kthP);
    }

    @Test
    void refusesFewerUnitsThanK() {
        assertThrows(IllegalArgumentException.class, () -> new TopRanks(3).rank(new float[2], 1, 2, new int[1], new int[1]));
    }
}
