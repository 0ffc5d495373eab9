package org.lamina.kernels.plasticity;

import java.util.Arrays;

/**
 * One update's learning signals, by weight row: the rows whose {@code g} is not zero in some
 * example ({@code touched}, ascending), and per touched row its entries {@code (example, g)} in
 * ascending example order ({@code start[s] .. start[s + 1]} of {@code ex} and {@code g}): the
 * summation order every backend keeps. Made from the ranks (the shortcut) or from settled
 * dynamics, with the winner of each example and, for dynamics, how they compare with the ranks.
 * Reuses its arrays; not thread-safe.
 */
final class KrotovSignals {
    int count;
    int[] touched = new int[0];
    int[] start = new int[1];
    int[] ex = new int[0];
    float[] g = new float[0];
    /** Per example, the unit of largest current (ranking) or largest positive h (dynamics), -1 if none. */
    int[] winners = new int[0];
    private int[] slotOf = new int[0];
    private int[] cursor = new int[0];
    private int[] perRow = new int[0];
    /** Per example, its h* (dynamics). */
    private float[] threshold = new float[0];
    private KrotovRule.SignalStats stats;

    /** The shortcut: per example, {@code +1} for {@code first[b]}, {@code -delta} for {@code kth[b]}. */
    void fromRanks(int[] first, int[] kth, int batch, int rows, float delta) {
        reset(batch, rows, 2 * batch);
        for (int b = 0; b < batch; b++) {
            mark(first[b]);
            mark(kth[b]);
        }
        index(rows);
        for (int b = 0; b < batch; b++) {
            add(first[b], b, 1f);
            add(kth[b], b, -delta);
            winners[b] = first[b];
        }
        stats = null;
    }

    /**
     * {@code g(h)} of settled states {@code h} ({@code batch × rows}); the stats compare its sets
     * with the shortcut's ranks {@code first} and {@code kth} of the same currents.
     */
    void fromSettled(float[] h, int batch, int rows, KrotovActivity.Dynamics activity, float delta, int[] first,
                     int[] kth, int[] steps, int[] settled) {
        reset(batch, rows, batch * rows);
        if (threshold.length < batch) {
            threshold = new float[batch];
        }
        long hebbian = 0;
        long anti = 0;
        long active = 0;
        int sameTop = 0;
        int kthAnti = 0;
        for (int b = 0; b < batch; b++) {
            int base = b * rows;
            int winner = -1;
            for (int mu = 0; mu < rows; mu++) {
                float x = h[base + mu];
                if (x > 0f && (winner < 0 || x > h[base + winner])) {
                    winner = mu;
                }
            }
            winners[b] = winner;
            threshold[b] = (float) activity.threshold(winner < 0 ? 0 : h[base + winner]);
            int hebbianHere = 0;
            boolean onlyTop = true;
            for (int mu = 0; mu < rows; mu++) {
                float x = h[base + mu];
                if (x > 0f) {
                    active++;
                }
                if (x >= threshold[b] && (winner >= 0 || !activity.relative())) {
                    mark(mu);
                    hebbianHere++;
                    onlyTop &= mu == first[b];
                } else if (x >= 0f && delta != 0f) {
                    mark(mu);
                    anti++;
                    kthAnti += mu == kth[b] ? 1 : 0;
                }
            }
            hebbian += hebbianHere;
            sameTop += hebbianHere == 1 && onlyTop ? 1 : 0;
        }
        index(rows);
        for (int b = 0; b < batch; b++) {
            int base = b * rows;
            for (int mu = 0; mu < rows; mu++) {
                float x = h[base + mu];
                if (x >= threshold[b] && (winners[b] >= 0 || !activity.relative())) {
                    add(mu, b, 1f);
                } else if (x >= 0f && delta != 0f) {
                    add(mu, b, -delta);
                }
            }
        }
        long stepSum = 0;
        int settledCount = 0;
        for (int b = 0; b < batch; b++) {
            stepSum += steps[b];
            settledCount += settled[b];
        }
        stats = new KrotovRule.SignalStats((double) hebbian / batch, (double) anti / batch, (double) active / batch,
                (double) sameTop / batch, (double) kthAnti / batch, (double) stepSum / batch,
                (double) settledCount / batch);
    }

    KrotovRule.SignalStats stats() {
        return stats;
    }

    private void reset(int batch, int rows, int maxEntries) {
        if (slotOf.length < rows) {
            slotOf = new int[rows];
            touched = new int[rows];
            start = new int[rows + 1];
            cursor = new int[rows];
            perRow = new int[rows];
        }
        if (ex.length < maxEntries) {
            ex = new int[maxEntries];
            g = new float[maxEntries];
        }
        if (winners.length < batch) {
            winners = new int[batch];
        }
        Arrays.fill(perRow, 0, rows, 0);
    }

    private void mark(int mu) {
        perRow[mu]++;
    }

    /** Numbers the marked rows in ascending order and lays out their entries. */
    private void index(int rows) {
        count = 0;
        start[0] = 0;
        for (int mu = 0; mu < rows; mu++) {
            if (perRow[mu] > 0) {
                touched[count] = mu;
                slotOf[mu] = count;
                start[count + 1] = start[count] + perRow[mu];
                cursor[count] = start[count];
                count++;
            }
        }
    }

    private void add(int mu, int example, float value) {
        int e = cursor[slotOf[mu]]++;
        ex[e] = example;
        g[e] = value;
    }
}
