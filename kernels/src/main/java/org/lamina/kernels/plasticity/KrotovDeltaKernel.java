package org.lamina.kernels.plasticity;

import com.aparapi.Kernel;

/**
 * The Krotov {@code dW} of the rows that change, over a 2-D range (column, slot): slot
 * {@code s < count} is one touched weight row, and its work items loop over the examples that
 * ranked that row first or k-th, entries {@code start[s] .. start[s+1]} of {@code (ex, g)} with
 * {@code g = +1} or {@code -delta}: {@code dw[s][c] = sum_e g[e] v[ex[e]][c] - coef[s] wt[s][c]}.
 * The host builds these per-row lists from the per-example ranks (in ascending example order,
 * the reference's summation order), so a work item reads only the examples that concern its row
 * (2 · batch entries in all) instead of testing every example. {@code wt} holds the touched rows
 * of W (gathered on the host), so nothing of size rows × cols crosses to the device. Slots past
 * {@code count} write nothing, so the range stays fixed while the number of touched rows varies.
 * Dimension 0 walks along a row, so neighbouring work items touch neighbouring floats. A
 * top-level class with a single entry point (Aparapi ignores named extra ones).
 */
final class KrotovDeltaKernel extends Kernel {
    float[] v = new float[1];
    float[] wt = new float[1];
    float[] coef = new float[1];
    float[] dw = new float[1];
    int[] start = new int[1];
    int[] ex = new int[1];
    float[] g = new float[1];
    int cols;
    int count;

    @Override
    public void run() {
        int c = getGlobalId(0);
        int s = getGlobalId(1);
        if (s < count) {
            float hebb = 0f;
            for (int e = start[s]; e < start[s + 1]; e++) {
                hebb += g[e] * v[ex[e] * cols + c];
            }
            int i = s * cols + c;
            dw[i] = hebb - coef[s] * wt[i];
        }
    }
}
