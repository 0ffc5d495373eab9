package org.lamina.kernels.plasticity;

import java.util.Arrays;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.JavaMatrixProduct;
import org.lamina.kernels.rank.TopRanks;

/**
 * Fast Java Krotov rule. Uses what the maths allows: only the rows ranked 1 or k in some example
 * change, so the update touches at most 2·batch rows, and the overlap matrix
 * {@code sign(W)|W|^(p-1)} is recomputed only for those rows. The currents are the Vector API
 * product. Buffers grow to the largest shape seen and are reused; the per-row work is spread over
 * the cores with disjoint outputs, so results do not depend on the thread count.
 *
 * <p>The overlap matrix is cached between calls for the same weight array; if anything else
 * writes the weights, call {@link #invalidate()}.
 */
public final class JavaKrotovRule implements KrotovRule {
    private final KrotovParams params;
    private final ParallelLoop loop;
    private final JavaMatrixProduct product;
    private final TopRanks ranks;

    private float[] cachedFor;
    private float[] overlap = new float[0];
    private float[] currents = new float[0];
    private int[] first = new int[0];
    private int[] kth = new int[0];
    /** The rows that change this call, ascending. */
    private int[] touched = new int[0];
    private boolean[] marked = new boolean[0];
    private float[] dw = new float[0];
    private double[] rowMax = new double[0];

    public JavaKrotovRule(KrotovParams params) {
        this(params, ParallelLoop.shared());
    }

    public JavaKrotovRule(KrotovParams params, ParallelLoop loop) {
        this.params = params;
        this.loop = loop;
        this.product = new JavaMatrixProduct(loop);
        this.ranks = new TopRanks(params.k());
    }

    /** Forget the cached overlap matrix (the weights were changed by someone else). */
    public void invalidate() {
        cachedFor = null;
    }

    @Override
    public double update(float[] w, int rows, int cols, float[] v, int batch, double eps) {
        ensureCapacity(rows, cols, batch);
        float[] m = overlapMatrix(w, rows, cols);
        product.multiply(m, rows, cols, v, batch, currents);
        ranks.rank(currents, batch, rows, first, kth, loop);

        // The rows that change, ascending (deterministic order).
        Arrays.fill(marked, 0, rows, false);
        for (int b = 0; b < batch; b++) {
            marked[first[b]] = true;
            marked[kth[b]] = true;
        }
        int n = 0;
        for (int mu = 0; mu < rows; mu++) {
            if (marked[mu]) {
                touched[n++] = mu;
            }
        }
        int count = n;
        float delta = (float) params.delta();
        loop.forEach(count, s -> rowUpdate(w, rows, cols, v, batch, delta, s));
        double max = 0;
        for (int s = 0; s < count; s++) {
            max = Math.max(max, rowMax[s]);
        }
        float scale = (float) (eps / Math.max(max, params.precision()));
        loop.forEach(count, s -> {
            int mu = touched[s];
            int wr = mu * cols;
            int dr = s * cols;
            for (int i = 0; i < cols; i++) {
                w[wr + i] += scale * dw[dr + i];
            }
            if (params.p() != 2) {
                transformRow(w, overlap, wr, cols);
            }
        });
        return max;
    }

    /** dW for one touched row: sum over the examples that ranked it, minus (sum g I) W. */
    private void rowUpdate(float[] w, int rows, int cols, float[] v, int batch, float delta, int s) {
        int mu = touched[s];
        int dr = s * cols;
        Arrays.fill(dw, dr, dr + cols, 0f);
        float c = 0f;
        for (int b = 0; b < batch; b++) {
            float g = (first[b] == mu ? 1f : 0f) - (kth[b] == mu ? delta : 0f);
            if (g == 0f) {
                continue;
            }
            c += g * currents[b * rows + mu];
            int vb = b * cols;
            for (int i = 0; i < cols; i++) {
                dw[dr + i] += g * v[vb + i];
            }
        }
        int wr = mu * cols;
        double max = 0;
        for (int i = 0; i < cols; i++) {
            float d = dw[dr + i] - c * w[wr + i];
            dw[dr + i] = d;
            max = Math.max(max, Math.abs(d));
        }
        rowMax[s] = max;
    }

    private float[] overlapMatrix(float[] w, int rows, int cols) {
        if (params.p() == 2) {
            return w;
        }
        if (cachedFor != w) {
            for (int r = 0; r < rows; r++) {
                transformRow(w, overlap, r * cols, cols);
            }
            cachedFor = w;
        }
        return overlap;
    }

    private void transformRow(float[] w, float[] out, int from, int cols) {
        double q = params.p() - 1;
        for (int i = from; i < from + cols; i++) {
            float x = w[i];
            out[i] = q == 2 ? x * Math.abs(x) : (float) (Math.signum(x) * Math.pow(Math.abs(x), q));
        }
    }

    private void ensureCapacity(int rows, int cols, int batch) {
        if (params.p() != 2 && overlap.length != rows * cols) {
            overlap = new float[rows * cols];
            cachedFor = null;
        }
        if (currents.length != batch * rows) {
            currents = new float[batch * rows];
        }
        if (first.length < batch) {
            first = new int[batch];
            kth = new int[batch];
        }
        if (marked.length < rows) {
            marked = new boolean[rows];
            touched = new int[rows];
        }
        int maxTouched = Math.min(rows, 2 * batch);
        if (dw.length < maxTouched * cols) {
            dw = new float[maxTouched * cols];
            rowMax = new double[maxTouched];
        }
    }

    @Override
    public void lastWinners(int[] out) {
        System.arraycopy(first, 0, out, 0, out.length);
    }

    @Override
    public KrotovParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
