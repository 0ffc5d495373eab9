package org.lamina.kernels;

/**
 * Input currents through a projection with weights {@code W} (post × pre, row-major):
 * {@code I[b][i] += sum_j W[i][pre j] · x[b][j]}, for sparse spike input (x is 0/1, given as
 * compressed rows of firing indices) and for dense input. Scalar reference code: the
 * specification the faster backends are compared against. Sums run in ascending j, so results
 * are reproducible bit for bit.
 */
public final class SynapticCurrents {
    private SynapticCurrents() {
    }

    /**
     * Adds the currents caused by spikes: example b fired presynaptic units
     * {@code indices[offsets[b] .. offsets[b+1])} (ascending).
     */
    public static void addSpikes(float[] w, int post, int pre, int batch, int[] offsets, int[] indices, float[] out) {
        check(w, post, pre, batch, out);
        for (int b = 0; b < batch; b++) {
            int from = offsets[b];
            int to = offsets[b + 1];
            if (from == to) {
                continue;
            }
            int base = b * post;
            for (int i = 0; i < post; i++) {
                int row = i * pre;
                float sum = 0f;
                for (int q = from; q < to; q++) {
                    sum += w[row + indices[q]];
                }
                out[base + i] += sum;
            }
        }
    }

    /** Adds the currents of dense input {@code x} ({@code batch × pre}, row-major). */
    public static void addDense(float[] w, int post, int pre, int batch, float[] x, float[] out) {
        check(w, post, pre, batch, out);
        if (x.length != batch * pre) {
            throw new IllegalArgumentException("input must hold batch * pre = " + batch * pre + " floats, got " + x.length);
        }
        for (int b = 0; b < batch; b++) {
            int xb = b * pre;
            int base = b * post;
            for (int i = 0; i < post; i++) {
                int row = i * pre;
                float sum = 0f;
                for (int j = 0; j < pre; j++) {
                    sum += w[row + j] * x[xb + j];
                }
                out[base + i] += sum;
            }
        }
    }

    private static void check(float[] w, int post, int pre, int batch, float[] out) {
        if (w.length != post * pre) {
            throw new IllegalArgumentException("weights must hold post * pre = " + post * pre + " floats, got " + w.length);
        }
        if (out.length != batch * post) {
            throw new IllegalArgumentException("output must hold batch * post = " + batch * post + " floats, got " + out.length);
        }
    }
}
