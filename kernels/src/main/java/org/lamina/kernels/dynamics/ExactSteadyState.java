package org.lamina.kernels.dynamics;

import java.util.Arrays;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * The steady state of {@code tau dh/dt = I - w sum_{nu != mu} max(h_nu, 0) - h} (the ReLU rate),
 * computed directly. The dynamics preserve the order of the currents, so the active set (h > 0) is
 * the top m of them. With {@code S} the sum of the active h, an active unit has
 * {@code h = (I - w S) / (1 - w)} and an inactive one {@code h = I - w S <= 0}; summing over the
 * active set gives {@code S = sum_top-m I / (1 + w (m - 1))}.
 *
 * <ul>
 *   <li>{@code w < 1}: m is the largest with {@code I_(m) > w S_m} (then
 *       {@code I_(m+1) <= w S_m}): the unique steady state.</li>
 *   <li>{@code w >= 1}: two active units would inhibit each other below zero; from
 *       {@code h = 0} the largest current wins alone: {@code m = 1}, {@code S = I_(1)}.</li>
 *   <li>No positive current: nothing is active, {@code h = I}.</li>
 * </ul>
 * Ties among currents are broken towards the lower unit index, as everywhere in Lamina.
 */
public final class ExactSteadyState {
    private ExactSteadyState() {
    }

    /** Writes the steady state of each example into {@code h}. */
    public static void solve(float[] currents, int batch, int units, double w, float[] h) {
        solve(currents, batch, units, w, h, null);
    }

    /** As {@link #solve(float[], int, int, double, float[])}, the examples spread over {@code loop} (null: this thread). */
    public static void solve(float[] currents, int batch, int units, double w, float[] h, ParallelLoop loop) {
        if (currents.length != batch * units || h.length != batch * units) {
            throw new IllegalArgumentException("currents and h must hold batch * units = " + batch * units + " floats");
        }
        if (loop == null) {
            for (int b = 0; b < batch; b++) {
                solveOne(currents, b * units, units, w, h);
            }
        } else {
            loop.forEach(batch, b -> solveOne(currents, b * units, units, w, h));
        }
    }

    private static void solveOne(float[] currents, int base, int units, double w, float[] h) {
        double s = activeSum(currents, base, units, w);
        if (w < 1 || s == 0) {
            for (int i = base; i < base + units; i++) {
                double x = currents[i] - w * s;
                h[i] = (float) (x > 0 ? x / (1 - w) : x);
            }
            return;
        }
        // w >= 1: the winner alone is active; every other unit, even one with the same current, sits at I - w S.
        int top = base;
        for (int i = base + 1; i < base + units; i++) {
            top = currents[i] > currents[top] ? i : top;
        }
        for (int i = base; i < base + units; i++) {
            h[i] = (float) (i == top ? currents[i] : currents[i] - w * s);
        }
    }

    /**
     * {@code S} of one example. For {@code w < 1} the largest current {@code M} is active and its
     * h is one of the terms of S, so {@code (M - w S) / (1 - w) <= S}, that is {@code S >= M}: only
     * currents above {@code w M} can be active. Those few are collected and sorted, not all.
     */
    static double activeSum(float[] currents, int base, int units, double w) {
        float max = currents[base];
        for (int i = base + 1; i < base + units; i++) {
            max = Math.max(max, currents[i]);
        }
        if (max <= 0) {
            return 0;
        }
        if (w >= 1) {
            return max;
        }
        double floor = w * max;
        int n = 0;
        for (int i = base; i < base + units; i++) {
            n += currents[i] > floor ? 1 : 0;
        }
        double[] candidates = new double[n];
        n = 0;
        for (int i = base; i < base + units; i++) {
            if (currents[i] > floor) {
                candidates[n++] = currents[i];
            }
        }
        // Popped largest first from a max-heap: only the active ones and one more are ordered.
        heapify(candidates, n);
        double sum = 0;
        double s = 0;
        for (int m = 1; m <= n; m++) {
            double current = candidates[0];
            candidates[0] = candidates[n - m];
            siftDown(candidates, 0, n - m);
            double sWith = (sum + current) / (1 + w * (m - 1));
            if (!(current > w * sWith)) {
                break;
            }
            sum += current;
            s = sWith;
        }
        return s;
    }

    private static void heapify(double[] a, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, i, n);
        }
    }

    /** Restores the max-heap below {@code i} of {@code a[0 .. n)}. */
    private static void siftDown(double[] a, int i, int n) {
        double x = a[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && a[child + 1] > a[child]) {
                child++;
            }
            if (a[child] <= x) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = x;
    }

    /** {@code S} for currents sorted ascending (all of an example's, or its largest). */
    static double activeSumOfAll(double[] ascending, double w) {
        int n = ascending.length;
        if (ascending[n - 1] <= 0) {
            return 0;
        }
        if (w >= 1) {
            return ascending[n - 1];
        }
        double sum = 0;
        double s = 0;
        for (int m = 1; m <= n; m++) {
            double current = ascending[n - m];
            double sumWith = sum + current;
            double sWith = sumWith / (1 + w * (m - 1));
            if (!(current > w * sWith)) {
                break; // the m-th current would be inhibited below zero: the top m - 1 are the active set
            }
            sum = sumWith;
            s = sWith;
        }
        return s;
    }
}
