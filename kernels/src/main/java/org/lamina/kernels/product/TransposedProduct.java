package org.lamina.kernels.product;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import java.util.function.IntConsumer;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * {@code c[i][j] = factor · sum_k a(k, i) · b[k][j]} (a transposed product, a sum of outer
 * products over k), with {@code b} row-major {@code kSize × n}, {@code c} row-major {@code m × n}
 * and {@code a(k, i) = a[k · aStrideK + i · aStrideI]}, so either layout of {@code a} is read
 * without a copy. It serves the Hebbian sums of SoftHebb and Counter-Hebb ({@code k} = examples) and the
 * error passes ({@code k} = error units): both reduce over a short or strided index while the long one is
 * contiguous, so it is vectorised along {@code j}. Tiles of 4 rows × 2 vectors keep 8
 * accumulators in registers over all of {@code k}; each loaded {@code b} vector feeds 4 FMAs and
 * {@code c} is written once. Tasks own disjoint tiles (row blocks × column chunks) and each
 * element is summed in ascending {@code k}: the result does not depend on the thread count.
 */
public final class TransposedProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    private static final int CHUNK = 64 * L; // columns per task: a multiple of 2 vectors

    private TransposedProduct() {
    }

    public static void multiply(ParallelLoop loop, float[] a, int aStrideK, int aStrideI, float[] b, int kSize, int m, int n,
                         float factor, float[] c) {
        int rowBlocks = (m + ROWS - 1) / ROWS;
        int chunks = (n + CHUNK - 1) / CHUNK;
        loop.forEach(rowBlocks * chunks, t -> {
            int i0 = (t / chunks) * ROWS;
            int j0 = (t % chunks) * CHUNK;
            int j1 = Math.min(j0 + CHUNK, n);
            if (i0 + ROWS <= m) {
                tile(a, aStrideK, aStrideI, b, kSize, n, factor, c, i0, j0, j1);
            } else {
                for (int i = i0; i < m; i++) { // the last, partial row block
                    row(a, aStrideK, aStrideI, b, kSize, n, factor, c, i, j0, j1);
                }
            }
        });
    }

    /**
     * As {@link #multiply}, but each task owns whole rows of {@code c} (blocks of 4) and calls
     * {@code rowDone.accept(i)} on its own thread as soon as row {@code i} is complete, while the
     * row is still in cache: a per-row pass over the result (a decay term, a max) then costs no
     * second trip through memory. Rows are handed to {@code rowDone} once each, from one thread.
     */
    public static void multiply(ParallelLoop loop, float[] a, int aStrideK, int aStrideI, float[] b, int kSize, int m,
                                int n, float factor, float[] c, IntConsumer rowDone) {
        int rowBlocks = (m + ROWS - 1) / ROWS;
        loop.forEach(rowBlocks, t -> {
            int i0 = t * ROWS;
            int i1 = Math.min(i0 + ROWS, m);
            if (i1 - i0 == ROWS) {
                tile(a, aStrideK, aStrideI, b, kSize, n, factor, c, i0, 0, n);
            } else {
                for (int i = i0; i < i1; i++) {
                    row(a, aStrideK, aStrideI, b, kSize, n, factor, c, i, 0, n);
                }
            }
            for (int i = i0; i < i1; i++) {
                rowDone.accept(i);
            }
        });
    }

    private static void tile(float[] a, int sk, int si, float[] b, int kSize, int n, float factor, float[] c,
                             int i0, int j0, int j1) {
        int j = j0;
        for (; j + 2 * L <= j1; j += 2 * L) {
            FloatVector p0 = FloatVector.zero(S), p1 = p0, p2 = p0, p3 = p0;
            FloatVector q0 = p0, q1 = p0, q2 = p0, q3 = p0;
            for (int k = 0; k < kSize; k++) {
                FloatVector x = FloatVector.fromArray(S, b, k * n + j);
                FloatVector y = FloatVector.fromArray(S, b, k * n + j + L);
                int ak = k * sk + i0 * si;
                FloatVector g = FloatVector.broadcast(S, a[ak]);
                p0 = x.fma(g, p0);
                q0 = y.fma(g, q0);
                g = FloatVector.broadcast(S, a[ak + si]);
                p1 = x.fma(g, p1);
                q1 = y.fma(g, q1);
                g = FloatVector.broadcast(S, a[ak + 2 * si]);
                p2 = x.fma(g, p2);
                q2 = y.fma(g, q2);
                g = FloatVector.broadcast(S, a[ak + 3 * si]);
                p3 = x.fma(g, p3);
                q3 = y.fma(g, q3);
            }
            int c0 = i0 * n + j;
            p0.mul(factor).intoArray(c, c0);
            q0.mul(factor).intoArray(c, c0 + L);
            p1.mul(factor).intoArray(c, c0 + n);
            q1.mul(factor).intoArray(c, c0 + n + L);
            p2.mul(factor).intoArray(c, c0 + 2 * n);
            q2.mul(factor).intoArray(c, c0 + 2 * n + L);
            p3.mul(factor).intoArray(c, c0 + 3 * n);
            q3.mul(factor).intoArray(c, c0 + 3 * n + L);
        }
        for (int i = i0; i < i0 + ROWS; i++) {
            row(a, sk, si, b, kSize, n, factor, c, i, j, j1);
        }
    }

    /** One row of {@code c} over columns {@code j0 .. j1}: vectors, then a scalar tail. */
    private static void row(float[] a, int sk, int si, float[] b, int kSize, int n, float factor, float[] c,
                            int i, int j0, int j1) {
        int j = j0;
        for (; j + L <= j1; j += L) {
            FloatVector p = FloatVector.zero(S);
            for (int k = 0; k < kSize; k++) {
                p = FloatVector.fromArray(S, b, k * n + j).fma(FloatVector.broadcast(S, a[k * sk + i * si]), p);
            }
            p.mul(factor).intoArray(c, i * n + j);
        }
        for (; j < j1; j++) {
            float s = 0;
            for (int k = 0; k < kSize; k++) {
                s += a[k * sk + i * si] * b[k * n + j];
            }
            c[i * n + j] = s * factor;
        }
    }
}
