package org.lamina.kernels.rank;

import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Per-example ranking for competitive rules: the index of the largest and of the k-th largest
 * value in each row of a {@code batch × units} matrix. Ties go to the lower index, so results
 * are deterministic. O(units · k) per row at worst with a small insertion buffer, one compare
 * per unit in the usual case (a value not above the current k-th best); examples may be ranked
 * in parallel, each writing only its own outputs.
 */
public final class TopRanks {
    private final int k;
    private final int[] best;

    public TopRanks(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.k = k;
        this.best = new int[k];
    }

    public int k() {
        return k;
    }

    /** Writes, for each example b, the top unit into {@code first[b]} and the k-th into {@code kth[b]}. */
    public void rank(float[] values, int batch, int units, int[] first, int[] kth) {
        checkUnits(units);
        for (int b = 0; b < batch; b++) {
            rankRow(values, b, units, first, kth, best);
        }
    }

    /** As {@link #rank(float[], int, int, int[], int[])}, the examples spread over {@code loop}. */
    public void rank(float[] values, int batch, int units, int[] first, int[] kth, ParallelLoop loop) {
        checkUnits(units);
        loop.forEach(batch, b -> rankRow(values, b, units, first, kth, new int[k]));
    }

    private void checkUnits(int units) {
        if (units < k) {
            throw new IllegalArgumentException("k = " + k + " needs at least k units, got " + units);
        }
    }

    private void rankRow(float[] values, int b, int units, int[] first, int[] kth, int[] top) {
        int base = b * units;
        int filled = 0;
        // The k-th best value so far once k are held: a value not above it cannot enter (ties keep the lower index).
        float floor = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < units; i++) {
            float v = values[base + i];
            if (filled == k && !(v > floor)) {
                continue;
            }
            int pos = filled;
            while (pos > 0 && values[base + top[pos - 1]] < v) {
                pos--;
            }
            if (pos < k) {
                int last = Math.min(filled, k - 1);
                System.arraycopy(top, pos, top, pos + 1, last - pos);
                top[pos] = i;
                filled = Math.min(filled + 1, k);
                if (filled == k) {
                    floor = values[base + top[k - 1]];
                }
            }
        }
        first[b] = top[0];
        kth[b] = top[k - 1];
    }
}
