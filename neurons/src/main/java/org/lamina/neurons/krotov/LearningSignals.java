package org.lamina.neurons.krotov;

/**
 * The two learning signals of the Krotov–Hopfield rule, per example of a batch
 * ({@code batch × units}, row-major): the ODE-based activation {@code g(h)} (1 for
 * {@code h >= h*}, -Delta for {@code 0 <= h < h*}, 0 below) and the fast ranking shortcut
 * (1 for the unit with the largest current, -Delta for the k-th largest, 0 otherwise).
 */
public final class LearningSignals {
    private LearningSignals() {
    }

    public static void odeActivation(float[] h, float hStar, float delta, float[] g) {
        for (int i = 0; i < h.length; i++) {
            float v = h[i];
            g[i] = v >= hStar ? 1f : v >= 0f ? -delta : 0f;
        }
    }

    /**
     * Writes the ranking shortcut into {@code g}; {@code topOut[b]} receives example b's top unit.
     * Ties go to the lower index, so the result is deterministic.
     */
    public static void rankingShortcut(float[] currents, int batch, int units, int k, float delta, float[] g,
                                       int[] topOut) {
        if (k < 2 || k > units) {
            throw new IllegalArgumentException("k must be in 2.." + units + ", got " + k);
        }
        java.util.Arrays.fill(g, 0f);
        int[] best = new int[k];
        for (int b = 0; b < batch; b++) {
            int base = b * units;
            int filled = 0;
            // Keep the indices of the k largest currents, sorted descending (insertion, k is small).
            for (int i = 0; i < units; i++) {
                float v = currents[base + i];
                int pos = Math.min(filled, k);
                while (pos > 0 && currents[base + best[pos - 1]] < v) {
                    pos--;
                }
                if (pos < k) {
                    int last = Math.min(filled, k - 1);
                    System.arraycopy(best, pos, best, pos + 1, last - pos);
                    best[pos] = i;
                    filled = Math.min(filled + 1, k);
                }
            }
            g[base + best[0]] = 1f;
            g[base + best[k - 1]] = -delta;
            topOut[b] = best[0];
        }
    }

    /** Fraction of examples whose ODE winner (-1 = none active) equals the shortcut's top unit. */
    public static double agreement(int[] odeWinners, int[] shortcutTop) {
        int same = 0;
        for (int b = 0; b < odeWinners.length; b++) {
            if (odeWinners[b] == shortcutTop[b]) {
                same++;
            }
        }
        return (double) same / odeWinners.length;
    }
}
