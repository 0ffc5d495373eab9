package org.lamina.neurons.krotov;

import org.lamina.kernels.rank.TopRanks;

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
        rankingShortcut(currents, batch, units, k, delta, g, topOut, new int[batch]);
    }

    /** As above, with example b's k-th ranked unit in {@code kthOut[b]}. */
    public static void rankingShortcut(float[] currents, int batch, int units, int k, float delta, float[] g,
                                       int[] topOut, int[] kth) {
        if (k < 2 || k > units) {
            throw new IllegalArgumentException("k must be in 2.." + units + ", got " + k);
        }
        new TopRanks(k).rank(currents, batch, units, topOut, kth);
        java.util.Arrays.fill(g, 0f);
        for (int b = 0; b < batch; b++) {
            g[b * units + topOut[b]] = 1f;
            g[b * units + kth[b]] = -delta;
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
