package org.lamina.kernels.plasticity;

import java.util.Arrays;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.JavaMatrixProduct;
import org.lamina.kernels.dynamics.JavaInhibitionSettle;

/**
 * Fast Java Krotov rule. Uses what the maths allows: only the rows with a signal in some example
 * change (with the ranking shortcut at most 2·batch of them), and the overlap matrix
 * {@code sign(W)|W|^(p-1)} is recomputed only for those rows. The currents are the Vector API
 * product; dynamics settle in the Java settle kernel (or exactly, for the ReLU rate). Buffers grow
 * to the largest shape seen and are reused; the per-row work is spread over the cores with
 * disjoint outputs, so results do not depend on the thread count.
 *
 * <p>The overlap matrix is cached between calls for the same weight array; if anything else
 * writes the weights, call {@link #invalidate()}.
 */
public final class JavaKrotovRule implements KrotovRule {
    private final KrotovParams params;
    private final ParallelLoop loop;
    private final JavaMatrixProduct product;
    private final KrotovSignalSource source;

    private float[] cachedFor;
    private float[] overlap = new float[0];
    private float[] currents = new float[0];
    private float[] dw = new float[0];
    private double[] rowMax = new double[0];

    public JavaKrotovRule(KrotovParams params) {
        this(params, KrotovActivity.RANKING, ParallelLoop.shared());
    }

    public JavaKrotovRule(KrotovParams params, KrotovActivity activity) {
        this(params, activity, ParallelLoop.shared());
    }

    public JavaKrotovRule(KrotovParams params, ParallelLoop loop) {
        this(params, KrotovActivity.RANKING, loop);
    }

    public JavaKrotovRule(KrotovParams params, KrotovActivity activity, ParallelLoop loop) {
        this.params = params;
        this.loop = loop;
        this.product = new JavaMatrixProduct(loop);
        this.source = new KrotovSignalSource(params, activity, activity instanceof KrotovActivity.Dynamics d
                && !d.exact() ? new JavaInhibitionSettle(d.settle(), loop) : null);
    }

    /** Forget the cached overlap matrix (the weights were changed by someone else). */
    @Override
    public void invalidate() {
        cachedFor = null;
    }

    @Override
    public double update(float[] w, int rows, int cols, float[] v, int batch, double eps, float[] given) {
        KrotovRule.checkCurrents(given, rows, batch);
        ensureCapacity(rows, cols, batch);
        float[] m = overlapMatrix(w, rows, cols); // kept current either way: it is refreshed row by row
        if (given == null) {
            product.multiply(m, rows, cols, v, batch, currents);
        } else {
            System.arraycopy(given, 0, currents, 0, batch * rows);
        }
        source.compute(currents, batch, rows, loop);
        KrotovSignals signals = source.signals;
        int count = signals.count;
        if (dw.length < count * cols) {
            dw = new float[count * cols];
        }
        if (rowMax.length < count) {
            rowMax = new double[count];
        }
        loop.forEach(count, s -> rowUpdate(w, rows, cols, v, signals, s));
        double max = 0;
        for (int s = 0; s < count; s++) {
            max = Math.max(max, rowMax[s]);
        }
        float scale = (float) (eps / Math.max(max, params.precision()));
        loop.forEach(count, s -> {
            int mu = signals.touched[s];
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

    /** dW for one touched row: sum over its examples' signals (ascending), minus (sum g I) W. */
    private void rowUpdate(float[] w, int rows, int cols, float[] v, KrotovSignals signals, int s) {
        int mu = signals.touched[s];
        int dr = s * cols;
        Arrays.fill(dw, dr, dr + cols, 0f);
        float c = 0f;
        for (int e = signals.start[s]; e < signals.start[s + 1]; e++) {
            int b = signals.ex[e];
            float g = signals.g[e];
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
    }

    @Override
    public void lastWinners(int[] out) {
        System.arraycopy(source.signals.winners, 0, out, 0, out.length);
    }

    @Override
    public SignalStats lastStats() {
        return source.signals.stats();
    }

    @Override
    public boolean lastSettled(float[] out) {
        return source.lastSettled(out);
    }

    @Override
    public KrotovActivity activity() {
        return source.activity();
    }

    @Override
    public void close() {
        source.close();
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
