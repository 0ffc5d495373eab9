package org.lamina.kernels.product;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Vector API product. From a batch of one vector width up it hands over to
 * {@link PackedMatrixProduct} (packed input panels, 6 × 16 micro-kernel). Smaller batches use
 * row tiles: each task takes a block of 4 weight rows and streams the batch past it 2 or 4
 * examples at a time (as many as the vector registers hold), so each loaded vector feeds
 * several FMAs. Row blocks are spread over
 * the cores; each output element is written by exactly one task, so the result does not
 * depend on the thread count.
 */
public final class JavaMatrixProduct implements MatrixProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ROWS_PER_TASK = 4;

    /** How many examples a register tile covers besides its 4 rows. */
    public enum Tile {
        /** 4 × 4: 16 accumulators + 4 inputs + 1 weight vector: fits 32 vector registers (AVX-512). */
        ROWS4_EXAMPLES4,
        /** 4 × 2: 8 accumulators + 2 inputs + 1 weight vector: fits 16 vector registers (AVX2). */
        ROWS4_EXAMPLES2;

        /** The tile that fits this machine's vector registers. */
        public static Tile forThisMachine() {
            return S.vectorBitSize() >= 512 ? ROWS4_EXAMPLES4 : ROWS4_EXAMPLES2;
        }
    }

    private final ParallelLoop loop;
    private final Tile tile;
    private final PackedMatrixProduct packed;

    public JavaMatrixProduct() {
        this(ParallelLoop.shared());
    }

    public JavaMatrixProduct(ParallelLoop loop) {
        this(loop, Tile.forThisMachine());
    }

    public JavaMatrixProduct(ParallelLoop loop, Tile tile) {
        this.loop = loop;
        this.tile = tile;
        this.packed = new PackedMatrixProduct(loop);
    }

    @Override
    public void multiply(float[] w, int rows, int cols, float[] v, int batch, float[] out) {
        MatrixProduct.checkShapes(w, rows, cols, v, batch, out);
        if (batch >= PackedMatrixProduct.MIN_BATCH) {
            packed.multiply(w, rows, cols, v, batch, out);
            return;
        }
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        loop.forEach(tasks, t -> rowBlock(w, rows, cols, v, batch, out, t * ROWS_PER_TASK, tile));
    }

    private static void rowBlock(float[] w, int rows, int cols, float[] v, int batch, float[] out, int r0, Tile tile) {
        if (r0 + ROWS_PER_TASK > rows) {
            for (int r = r0; r < rows; r++) { // the last, partial block
                for (int b = 0; b < batch; b++) {
                    out[b * rows + r] = dot(w, r * cols, v, b * cols, cols);
                }
            }
            return;
        }
        int b = 0;
        if (tile == Tile.ROWS4_EXAMPLES4) {
            for (; b + 4 <= batch; b += 4) {
                tile4x4(w, rows, cols, v, out, r0, b);
            }
        } else {
            for (; b + 2 <= batch; b += 2) {
                tile4x2(w, rows, cols, v, out, r0, b);
            }
        }
        for (; b < batch; b++) {
            for (int r = r0; r < r0 + ROWS_PER_TASK; r++) {
                out[b * rows + r] = dot(w, r * cols, v, b * cols, cols);
            }
        }
    }

    /** 4 rows × 4 examples: each loaded vector feeds 4 FMAs, 16 accumulators in registers. */
    private static void tile4x4(float[] w, int rows, int cols, float[] v, float[] out, int r0, int b0) {
        int upper = S.loopBound(cols);
        int w0 = r0 * cols;
        int w1 = w0 + cols;
        int w2 = w1 + cols;
        int w3 = w2 + cols;
        int v0 = b0 * cols;
        int v1 = v0 + cols;
        int v2 = v1 + cols;
        int v3 = v2 + cols;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int c = 0;
        for (; c < upper; c += S.length()) {
            FloatVector x0 = FloatVector.fromArray(S, v, v0 + c);
            FloatVector x1 = FloatVector.fromArray(S, v, v1 + c);
            FloatVector x2 = FloatVector.fromArray(S, v, v2 + c);
            FloatVector x3 = FloatVector.fromArray(S, v, v3 + c);
            FloatVector y = FloatVector.fromArray(S, w, w0 + c);
            a00 = y.fma(x0, a00);
            a01 = y.fma(x1, a01);
            a02 = y.fma(x2, a02);
            a03 = y.fma(x3, a03);
            y = FloatVector.fromArray(S, w, w1 + c);
            a10 = y.fma(x0, a10);
            a11 = y.fma(x1, a11);
            a12 = y.fma(x2, a12);
            a13 = y.fma(x3, a13);
            y = FloatVector.fromArray(S, w, w2 + c);
            a20 = y.fma(x0, a20);
            a21 = y.fma(x1, a21);
            a22 = y.fma(x2, a22);
            a23 = y.fma(x3, a23);
            y = FloatVector.fromArray(S, w, w3 + c);
            a30 = y.fma(x0, a30);
            a31 = y.fma(x1, a31);
            a32 = y.fma(x2, a32);
            a33 = y.fma(x3, a33);
        }
        store(out, rows, r0, b0, c, cols, w, v,
                a00.reduceLanes(VectorOperators.ADD), a01.reduceLanes(VectorOperators.ADD),
                a02.reduceLanes(VectorOperators.ADD), a03.reduceLanes(VectorOperators.ADD), 0);
        store(out, rows, r0, b0, c, cols, w, v,
                a10.reduceLanes(VectorOperators.ADD), a11.reduceLanes(VectorOperators.ADD),
                a12.reduceLanes(VectorOperators.ADD), a13.reduceLanes(VectorOperators.ADD), 1);
        store(out, rows, r0, b0, c, cols, w, v,
                a20.reduceLanes(VectorOperators.ADD), a21.reduceLanes(VectorOperators.ADD),
                a22.reduceLanes(VectorOperators.ADD), a23.reduceLanes(VectorOperators.ADD), 2);
        store(out, rows, r0, b0, c, cols, w, v,
                a30.reduceLanes(VectorOperators.ADD), a31.reduceLanes(VectorOperators.ADD),
                a32.reduceLanes(VectorOperators.ADD), a33.reduceLanes(VectorOperators.ADD), 3);
    }

    /** 4 rows × 2 examples: 8 accumulators, within the 16 vector registers of AVX2. */
    private static void tile4x2(float[] w, int rows, int cols, float[] v, float[] out, int r0, int b0) {
        int upper = S.loopBound(cols);
        int w0 = r0 * cols;
        int w1 = w0 + cols;
        int w2 = w1 + cols;
        int w3 = w2 + cols;
        int v0 = b0 * cols;
        int v1 = v0 + cols;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int c = 0;
        for (; c < upper; c += S.length()) {
            FloatVector x0 = FloatVector.fromArray(S, v, v0 + c);
            FloatVector x1 = FloatVector.fromArray(S, v, v1 + c);
            FloatVector y = FloatVector.fromArray(S, w, w0 + c);
            a00 = y.fma(x0, a00);
            a01 = y.fma(x1, a01);
            y = FloatVector.fromArray(S, w, w1 + c);
            a10 = y.fma(x0, a10);
            a11 = y.fma(x1, a11);
            y = FloatVector.fromArray(S, w, w2 + c);
            a20 = y.fma(x0, a20);
            a21 = y.fma(x1, a21);
            y = FloatVector.fromArray(S, w, w3 + c);
            a30 = y.fma(x0, a30);
            a31 = y.fma(x1, a31);
        }
        float[] s = {a00.reduceLanes(VectorOperators.ADD), a01.reduceLanes(VectorOperators.ADD),
            a10.reduceLanes(VectorOperators.ADD), a11.reduceLanes(VectorOperators.ADD),
            a20.reduceLanes(VectorOperators.ADD), a21.reduceLanes(VectorOperators.ADD),
            a30.reduceLanes(VectorOperators.ADD), a31.reduceLanes(VectorOperators.ADD)};
        for (int dr = 0; dr < 4; dr++) {
            int wr = (r0 + dr) * cols;
            float s0 = s[2 * dr];
            float s1 = s[2 * dr + 1];
            for (int k = c; k < cols; k++) {
                float y = w[wr + k];
                s0 += y * v[v0 + k];
                s1 += y * v[v1 + k];
            }
            out[b0 * rows + r0 + dr] = s0;
            out[(b0 + 1) * rows + r0 + dr] = s1;
        }
    }

    /** Adds the scalar tail (columns from {@code c}) to one tile row and writes its 4 outputs. */
    private static void store(float[] out, int rows, int r0, int b0, int c, int cols, float[] w, float[] v,
                              float s0, float s1, float s2, float s3, int dr) {
        int wr = (r0 + dr) * cols;
        for (int k = c; k < cols; k++) {
            float y = w[wr + k];
            s0 += y * v[b0 * cols + k];
            s1 += y * v[(b0 + 1) * cols + k];
            s2 += y * v[(b0 + 2) * cols + k];
            s3 += y * v[(b0 + 3) * cols + k];
        }
        int r = r0 + dr;
        out[b0 * rows + r] = s0;
        out[(b0 + 1) * rows + r] = s1;
        out[(b0 + 2) * rows + r] = s2;
        out[(b0 + 3) * rows + r] = s3;
    }

    private static float dot(float[] w, int wr, float[] v, int vb, int cols) {
        int upper = S.loopBound(cols);
        FloatVector a = FloatVector.zero(S);
        int c = 0;
        for (; c < upper; c += S.length()) {
            a = FloatVector.fromArray(S, w, wr + c).fma(FloatVector.fromArray(S, v, vb + c), a);
        }
        float s = a.reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
            s += w[wr + c] * v[vb + c];
        }
        return s;
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
