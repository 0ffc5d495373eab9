package org.lamina.kernels.rank;

/**
 * Per-example ranking for competitive rules: the index of the largest and of the k-th largest
 * value in each row of a {@code batch × units} matrix. Ties go to the lower index, so results
 * are deterministic. O(units · k) per row with a small insertion buffer; no allocation.
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
        if (units < k) {
            throw new IllegalArgumentException("k = " + k + " needs at least k units, got " + units);
        }
        for (int b = 0; b < batch; b++) {
            int base = b * units;
            int filled = 0;
            for (int i = 0; i < units; i++) {
                float v = values[base + i];
                int pos = filled;
                while (pos > 0 && values[base + best[pos - 1]] < v) {
                    pos--;
                }
                if (pos < k) {
                    int last = Math.min(filled, k - 1);
                    System.arraycopy(best, pos, best, pos + 1, last - pos);
                    best[pos] = i;
                    filled = Math.min(filled + 1, k);
                }
            }
            first[b] = best[0];
            kth[b] = best[k - 1];
        }
    }
}
