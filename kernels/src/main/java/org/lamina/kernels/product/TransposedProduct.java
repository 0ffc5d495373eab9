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
 * contiguous, so it is vectorised along {@code j}. Tiles of 4 rows × 4 vectors (512-bit machines,
 * 32 registers) or × 2 vectors (16 registers) keep their accumulators in registers over all of
 * {@code k}; each loaded {@code b} vector feeds 4 FMAs and {@code c} is written once. Tasks own
 * disjoint tiles (row blocks × column chunks) and each element is summed in ascending {@code k}:
 * the result does not depend on the thread count.
 */
public final class TransposedProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    /** 512-bit vectors come with 32 vector registers: room for a 4 × 4 tile's 16 accumulators. */
    private static final boolean WIDE = S.vectorBitSize() >= 512;
    private static final int CHUNK = 64 * L; // columns per task: a multiple of 4 vectors

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
        if (WIDE) {
            for (; j + 4 * L <= j1; j += 4 * L) {
                tile4x4(a, sk, si, b, kSize, n, factor, c, i0, j);
            }
        }
        for (; j + 2 * L <= j1; j += 2 * L) {
            tile4x2(a, sk, si, b, kSize, n, factor, c, i0, j);
        }
        for (; j + L <= j1; j += L) {
            tile4x1(a, sk, si, b, kSize, n, factor, c, i0, j);
        }
        for (int i = i0; i < i0 + ROWS; i++) {
            row(a, sk, si, b, kSize, n, factor, c, i, j, j1);
        }
    }

    /** 4 rows × 4 vectors: 16 accumulators, 4 loads and 4 broadcasts per 16 FMAs (32 vector registers). */
    private static void tile4x4(float[] a, int sk, int si, float[] b, int kSize, int n, float factor, float[] c,
                                int i0, int j) {
        FloatVector p0 = FloatVector.zero(S), p1 = p0, p2 = p0, p3 = p0;
        FloatVector q0 = p0, q1 = p0, q2 = p0, q3 = p0;
        FloatVector r0 = p0, r1 = p0, r2 = p0, r3 = p0;
        FloatVector s0 = p0, s1 = p0, s2 = p0, s3 = p0;
        for (int k = 0; k < kSize; k++) {
            int bk = k * n + j;
            FloatVector x = FloatVector.fromArray(S, b, bk);
            FloatVector y = FloatVector.fromArray(S, b, bk + L);
            FloatVector z = FloatVector.fromArray(S, b, bk + 2 * L);
            FloatVector t = FloatVector.fromArray(S, b, bk + 3 * L);
            int ak = k * sk + i0 * si;
            FloatVector g = FloatVector.broadcast(S, a[ak]);
            p0 = x.fma(g, p0);
            q0 = y.fma(g, q0);
            r0 = z.fma(g, r0);
            s0 = t.fma(g, s0);
            g = FloatVector.broadcast(S, a[ak + si]);
            p1 = x.fma(g, p1);
            q1 = y.fma(g, q1);
            r1 = z.fma(g, r1);
            s1 = t.fma(g, s1);
            g = FloatVector.broadcast(S, a[ak + 2 * si]);
            p2 = x.fma(g, p2);
            q2 = y.fma(g, q2);
            r2 = z.fma(g, r2);
            s2 = t.fma(g, s2);
            g = FloatVector.broadcast(S, a[ak + 3 * si]);
            p3 = x.fma(g, p3);
            q3 = y.fma(g, q3);
            r3 = z.fma(g, r3);
            s3 = t.fma(g, s3);
        }
        // Stored inline: a helper taking vectors is too large for C2 to inline, and the vectors would be boxed.
        int c0 = i0 * n + j;
        p0.mul(factor).intoArray(c, c0);
        q0.mul(factor).intoArray(c, c0 + L);
        r0.mul(factor).intoArray(c, c0 + 2 * L);
        s0.mul(factor).intoArray(c, c0 + 3 * L);
        c0 += n;
        p1.mul(factor).intoArray(c, c0);
        q1.mul(factor).intoArray(c, c0 + L);
        r1.mul(factor).intoArray(c, c0 + 2 * L);
        s1.mul(factor).intoArray(c, c0 + 3 * L);
        c0 += n;
        p2.mul(factor).intoArray(c, c0);
        q2.mul(factor).intoArray(c, c0 + L);
        r2.mul(factor).intoArray(c, c0 + 2 * L);
        s2.mul(factor).intoArray(c, c0 + 3 * L);
        c0 += n;
        p3.mul(factor).intoArray(c, c0);
        q3.mul(factor).intoArray(c, c0 + L);
        r3.mul(factor).intoArray(c, c0 + 2 * L);
        s3.mul(factor).intoArray(c, c0 + 3 * L);
    }

    /** 4 rows × 2 vectors: 8 accumulators, 2 loads and 4 broadcasts per 8 FMAs (fits 16 registers). */
    private static void tile4x2(float[] a, int sk, int si, float[] b, int kSize, int n, float factor, float[] c,
                                int i0, int j) {
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

    /** 4 rows × 1 vector, for the last vector of columns. */
    private static void tile4x1(float[] a, int sk, int si, float[] b, int kSize, int n, float factor, float[] c,
                                int i0, int j) {
        FloatVector p0 = FloatVector.zero(S), p1 = p0, p2 = p0, p3 = p0;
        for (int k = 0; k < kSize; k++) {
            FloatVector x = FloatVector.fromArray(S, b, k * n + j);
            int ak = k * sk + i0 * si;
            p0 = x.fma(FloatVector.broadcast(S, a[ak]), p0);
            p1 = x.fma(FloatVector.broadcast(S, a[ak + si]), p1);
            p2 = x.fma(FloatVector.broadcast(S, a[ak + 2 * si]), p2);
            p3 = x.fma(FloatVector.broadcast(S, a[ak + 3 * si]), p3);
        }
        int c0 = i0 * n + j;
        p0.mul(factor).intoArray(c, c0);
        p1.mul(factor).intoArray(c, c0 + n);
        p2.mul(factor).intoArray(c, c0 + 2 * n);
        p3.mul(factor).intoArray(c, c0 + 3 * n);
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
