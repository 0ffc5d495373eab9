package org.lamina.kernels.product;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * GEMM-style Vector API product that packs only the (small) input: V is transposed into
 * panels of {@code 2 × lanes} examples ({@code panel[c][j] = v[b0 + j][c]}, zero-padded; a
 * remainder of at most one vector gets a one-vector panel), and a micro-kernel computes 6 weight
 * rows × one panel with 12 vector accumulators: per column, 2 contiguous loads and 6 broadcasts
 * of {@code W[r][c]} (6 sequential row streams) feed 12 FMAs.
 * The weights are read in place, so nothing proportional to W is copied per call. Row blocks are
 * spread over the cores with disjoint outputs: results do not depend on the thread count.
 * Buffers are reused between calls.
 */
final class PackedMatrixProduct implements MatrixProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    private static final int PANEL = 2 * LANES;
    private static final int ROWS = 6;
    /** Below this batch the zero-padding of a panel wastes more than the packing saves. */
    static final int MIN_BATCH = LANES;

    private final ParallelLoop loop;
    private float[] packed = new float[0];
    /** Results row-major by weight row: {@code rows × (panels · PANEL)}, transposed into out at the end. */
    private float[] byRow = new float[0];

    PackedMatrixProduct(ParallelLoop loop) {
        this.loop = loop;
    }

    @Override
    public void multiply(float[] w, int rows, int cols, float[] v, int batch, float[] out) {
        MatrixProduct.checkShapes(w, rows, cols, v, batch, out);
        int full = batch / PANEL;
        int rest = batch - full * PANEL;
        // A remainder of at most one vector gets a one-vector panel: at batch 100 on 16 lanes,
        // 3 × 32 + 16 = 112 columns computed instead of 4 × 32 = 128.
        int narrow = rest > 0 && rest <= LANES ? LANES : 0;
        int wide = full + (rest > LANES ? 1 : 0);
        int stride = wide * PANEL + narrow;
        if (packed.length < stride * cols) {
            packed = new float[stride * cols];
        }
        if (byRow.length < rows * stride) {
            byRow = new float[rows * stride];
        }
        float[] pk = packed;
        float[] res = byRow;
        for (int p = 0; p < wide; p++) {
            pack(v, batch, cols, pk, p * PANEL, PANEL);
        }
        if (narrow > 0) {
            pack(v, batch, cols, pk, wide * PANEL, LANES);
        }
        int blocks = (rows + ROWS - 1) / ROWS;
        loop.forEach(blocks, blk -> {
            int r0 = blk * ROWS;
            boolean whole = r0 + ROWS <= rows;
            for (int p = 0; p < wide; p++) {
                if (whole) {
                    tile6(w, cols, pk, p * PANEL, res, stride, r0);
                } else {
                    for (int r = r0; r < rows; r++) {
                        tile1(w, cols, pk, p * PANEL, res, stride, r);
                    }
                }
            }
            if (narrow > 0) {
                int b0 = wide * PANEL;
                if (whole) {
                    tile6x1(w, cols, pk, b0, res, stride, r0);
                } else {
                    for (int r = r0; r < rows; r++) {
                        tile1x1(w, cols, pk, b0, res, stride, r);
                    }
                }
            }
            int r1 = Math.min(rows, r0 + ROWS);
            for (int b = 0; b < batch; b++) {
                for (int r = r0; r < r1; r++) {
                    out[b * rows + r] = res[r * stride + b];
                }
            }
        });
    }

    /**
     * Packs examples {@code b0 .. b0 + width - 1} (zero past the batch) as the panel starting at
     * {@code b0 · cols}: {@code pk[b0 · cols + c · width + j] = v[b0 + j][c]}.
     */
    private static void pack(float[] v, int batch, int cols, float[] pk, int b0, int width) {
        int base = b0 * cols;
        for (int j = 0; j < width; j++) {
            int b = b0 + j;
            if (b < batch) {
                int vb = b * cols;
                for (int c = 0; c < cols; c++) {
                    pk[base + c * width + j] = v[vb + c];
                }
            } else {
                for (int c = 0; c < cols; c++) {
                    pk[base + c * width + j] = 0f;
                }
            }
        }
    }

    private static void tile6(float[] w, int cols, float[] pk, int b0, float[] res, int stride, int r0) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int w0 = r0 * cols;
        int w1 = w0 + cols;
        int w2 = w1 + cols;
        int w3 = w2 + cols;
        int w4 = w3 + cols;
        int w5 = w4 + cols;
        for (int c = 0, k = b0 * cols; c < cols; c++, k += PANEL) {
            FloatVector x0 = FloatVector.fromArray(S, pk, k);
            FloatVector x1 = FloatVector.fromArray(S, pk, k + LANES);
            FloatVector y = FloatVector.broadcast(S, w[w0 + c]);
            c00 = x0.fma(y, c00);
            c01 = x1.fma(y, c01);
            y = FloatVector.broadcast(S, w[w1 + c]);
            c10 = x0.fma(y, c10);
            c11 = x1.fma(y, c11);
            y = FloatVector.broadcast(S, w[w2 + c]);
            c20 = x0.fma(y, c20);
            c21 = x1.fma(y, c21);
            y = FloatVector.broadcast(S, w[w3 + c]);
            c30 = x0.fma(y, c30);
            c31 = x1.fma(y, c31);
            y = FloatVector.broadcast(S, w[w4 + c]);
            c40 = x0.fma(y, c40);
            c41 = x1.fma(y, c41);
            y = FloatVector.broadcast(S, w[w5 + c]);
            c50 = x0.fma(y, c50);
            c51 = x1.fma(y, c51);
        }
        int o = r0 * stride + b0;
        c00.intoArray(res, o);
        c01.intoArray(res, o + LANES);
        c10.intoArray(res, o + stride);
        c11.intoArray(res, o + stride + LANES);
        c20.intoArray(res, o + 2 * stride);
        c21.intoArray(res, o + 2 * stride + LANES);
        c30.intoArray(res, o + 3 * stride);
        c31.intoArray(res, o + 3 * stride + LANES);
        c40.intoArray(res, o + 4 * stride);
        c41.intoArray(res, o + 4 * stride + LANES);
        c50.intoArray(res, o + 5 * stride);
        c51.intoArray(res, o + 5 * stride + LANES);
    }

    private static void tile1(float[] w, int cols, float[] pk, int b0, float[] res, int stride, int r) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        int wr = r * cols;
        for (int c = 0, k = b0 * cols; c < cols; c++, k += PANEL) {
            FloatVector y = FloatVector.broadcast(S, w[wr + c]);
            c0 = FloatVector.fromArray(S, pk, k).fma(y, c0);
            c1 = FloatVector.fromArray(S, pk, k + LANES).fma(y, c1);
        }
        int o = r * stride + b0;
        c0.intoArray(res, o);
        c1.intoArray(res, o + LANES);
    }

    /** 6 rows × the one-vector panel at {@code b0}: 1 load and 6 broadcasts feed 6 FMAs. */
    private static void tile6x1(float[] w, int cols, float[] pk, int b0, float[] res, int stride, int r0) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        int w0 = r0 * cols;
        int w1 = w0 + cols;
        int w2 = w1 + cols;
        int w3 = w2 + cols;
        int w4 = w3 + cols;
        int w5 = w4 + cols;
        for (int c = 0, k = b0 * cols; c < cols; c++, k += LANES) {
            FloatVector x = FloatVector.fromArray(S, pk, k);
            c0 = x.fma(FloatVector.broadcast(S, w[w0 + c]), c0);
            c1 = x.fma(FloatVector.broadcast(S, w[w1 + c]), c1);
            c2 = x.fma(FloatVector.broadcast(S, w[w2 + c]), c2);
            c3 = x.fma(FloatVector.broadcast(S, w[w3 + c]), c3);
            c4 = x.fma(FloatVector.broadcast(S, w[w4 + c]), c4);
            c5 = x.fma(FloatVector.broadcast(S, w[w5 + c]), c5);
        }
        int o = r0 * stride + b0;
        c0.intoArray(res, o);
        c1.intoArray(res, o + stride);
        c2.intoArray(res, o + 2 * stride);
        c3.intoArray(res, o + 3 * stride);
        c4.intoArray(res, o + 4 * stride);
        c5.intoArray(res, o + 5 * stride);
    }

    private static void tile1x1(float[] w, int cols, float[] pk, int b0, float[] res, int stride, int r) {
        FloatVector c0 = FloatVector.zero(S);
        int wr = r * cols;
        for (int c = 0, k = b0 * cols; c < cols; c++, k += LANES) {
            c0 = FloatVector.fromArray(S, pk, k).fma(FloatVector.broadcast(S, w[wr + c]), c0);
        }
        c0.intoArray(res, r * stride + b0);
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
