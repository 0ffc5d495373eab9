package org.lamina.kernels.plasticity;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.DeviceKernel;
import org.lamina.kernels.product.OpenClMatrixProduct;
import org.lamina.kernels.dynamics.OpenClInhibitionSettle;

/**
 * Aparapi OpenCL Krotov rule. The dense parts run on the device, one kernel class per step:
 * the overlap matrix {@code sign(W)|W|^(p-1)} ({@link OverlapKernel}, rows × cols, skipped for
 * p = 2), the currents (the OpenCL product, rows × batch) and {@code dW} of the rows that change
 * ({@link KrotovDeltaKernel}, touched rows × cols, each work item looping over the examples that
 * give its row a signal); dynamics settle in the OpenCL settle kernel (or exactly, for the ReLU
 * rate). The host ranks each example, lists per touched row its examples' signals
 * ({@link KrotovSignals}), forms the per-row coefficients {@code sum_b g I}, reduces
 * {@code max|dW|} and adds {@code eps · dW / max(max|dW|, precision)} to the touched rows (with
 * the shortcut at most 2·batch rows, so O(batch · cols) host work).
 *
 * <p>The overlap matrix is recomputed from W on every call (no cache to invalidate). The kernels
 * run through {@link DeviceKernel}: every run must report {@code isRunningCL()} or the call throws
 * {@link BackendUnavailableException}, never a silent Java-thread fallback. Buffers and ranges are
 * kept while the shape stays the same: steady use allocates nothing per call. Not thread-safe;
 * close it to release the kernels.
 */
public final class OpenClKrotovRule implements KrotovRule {
    private final KrotovParams params;
    private final KrotovSignalSource source;
    private final OpenClMatrixProduct product;
    private final DeviceKernel<OverlapKernel> overlapKernel;
    private final DeviceKernel<KrotovDeltaKernel> deltaKernel;

    private float[] overlap = new float[1];
    private float[] currents = new float[1];
    /** The signals' lists, padded to the kernel's fixed shape. */
    private int[] start = new int[2];
    private int[] ex = new int[1];
    private float[] g = new float[1];
    private float[] coef = new float[1];
    private float[] wt = new float[1];
    private float[] dw = new float[1];
    /** Rows that may change per call for the current shape (with the shortcut at most two per example). */
    private int slots;
    private int shapeRows;
    private int shapeCols;
    private int shapeBatch;

    public OpenClKrotovRule(KrotovParams params, OpenCLDevice device) {
        this(params, KrotovActivity.RANKING, device);
    }

    public OpenClKrotovRule(KrotovParams params, KrotovActivity activity, OpenCLDevice device) {
        DeviceKernel.requireDevice(device, "the OpenCL Krotov rule");
        this.params = params;
        this.source = new KrotovSignalSource(params, activity, activity instanceof KrotovActivity.Dynamics d
                && !d.exact() ? new OpenClInhibitionSettle(d.settle(), device) : null);
        this.product = new OpenClMatrixProduct(device);
        this.overlapKernel = new DeviceKernel<>(new OverlapKernel(), device, "Krotov overlap kernel");
        this.deltaKernel = new DeviceKernel<>(new KrotovDeltaKernel(), device, "Krotov dW kernel");
        double q = params.p() - 1;
        overlapKernel.kernel().q = (float) q;
        overlapKernel.kernel().squared = q == 2 ? 1 : 0;
    }

    @Override
    public double update(float[] w, int rows, int cols, float[] v, int batch, double eps, float[] given) {
        checkShapes(w, rows, cols, v, batch);
        KrotovRule.checkCurrents(given, rows, batch);
        reshape(rows, cols, batch);
        if (given != null) {
            System.arraycopy(given, 0, currents, 0, batch * rows);
        } else {
            float[] m = w;
            if (params.p() != 2) {
                OverlapKernel o = overlapKernel.kernel();
                o.w = w;
                o.m = overlap;
                o.cols = cols;
                overlapKernel.put(w).run(cols, rows).get(overlap);
                m = overlap;
            }
            product.multiply(m, rows, cols, v, batch, currents);
        }
        source.compute(currents, batch, rows, null);
        int count = gather(w, rows, cols);

        KrotovDeltaKernel d = deltaKernel.kernel();
        d.v = v;
        d.wt = wt;
        d.coef = coef;
        d.dw = dw;
        d.start = start;
        d.ex = ex;
        d.g = g;
        d.cols = cols;
        d.count = count;
        deltaKernel.put(v).put(wt).put(coef).put(start).put(ex).put(g).run(cols, slots).get(dw);

        double max = 0;
        for (int i = 0; i < count * cols; i++) {
            max = Math.max(max, Math.abs(dw[i]));
        }
        float scale = (float) (eps / Math.max(max, params.precision()));
        for (int s = 0; s < count; s++) {
            int wr = source.signals.touched[s] * cols;
            int dr = s * cols;
            for (int i = 0; i < cols; i++) {
                w[wr + i] += scale * dw[dr + i];
            }
        }
        return max;
    }

    /**
     * Copies the signals' lists into the kernel's arrays (fixed size for the shape), and per touched
     * row the coefficient {@code sum_b g I} and the row's current weights. Returns the number of
     * touched rows.
     */
    private int gather(float[] w, int rows, int cols) {
        KrotovSignals signals = source.signals;
        int count = signals.count;
        int entries = signals.start[count];
        System.arraycopy(signals.start, 0, start, 0, count + 1);
        java.util.Arrays.fill(start, count + 1, start.length, entries);
        System.arraycopy(signals.ex, 0, ex, 0, entries);
        System.arraycopy(signals.g, 0, g, 0, entries);
        for (int s = 0; s < count; s++) {
            int mu = signals.touched[s];
            double c = 0;
            for (int e = start[s]; e < start[s + 1]; e++) {
                double ge = g[e] > 0 ? 1 : -params.delta(); // g in double, as the reference has it
                c += ge * currents[ex[e] * rows + mu];
            }
            coef[s] = (float) c;
            System.arraycopy(w, mu * cols, wt, s * cols, cols);
        }
        return count;
    }

    private void checkShapes(float[] w, int rows, int cols, float[] v, int batch) {
        if (rows < 1 || cols < 1 || batch < 1) {
            throw new IllegalArgumentException("rows, cols and batch must be >= 1, got " + rows + ", " + cols + ", " + batch);
        }
        if (w.length != rows * cols || v.length != batch * cols) {
            throw new IllegalArgumentException("w must hold rows * cols = " + rows * cols + " and v batch * cols = "
                    + batch * cols + " floats, got " + w.length + " and " + v.length);
        }
        if (rows < params.k()) {
            throw new IllegalArgumentException("k = " + params.k() + " needs at least k rows, got " + rows);
        }
    }

    /** Buffers for a new shape; nothing happens while the shape stays the same. */
    private void reshape(int rows, int cols, int batch) {
        if (rows == shapeRows && cols == shapeCols && batch == shapeBatch) {
            return;
        }
        // With the shortcut at most two rows change per example; with dynamics any of them may.
        slots = source.dense() ? rows : Math.min(rows, 2 * batch);
        int entries = source.dense() ? batch * rows : 2 * batch;
        if (params.p() != 2) {
            overlap = new float[rows * cols];
        }
        currents = new float[batch * rows];
        start = new int[slots + 1];
        ex = new int[entries];
        g = new float[entries];
        coef = new float[slots];
        wt = new float[slots * cols];
        dw = new float[slots * cols];
        shapeRows = rows;
        shapeCols = cols;
        shapeBatch = batch;
    }

    /** Whether every kernel of the last update ran as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return product.isRunningCL() && deltaKernel.isRunningCL() && (params.p() == 2 || overlapKernel.isRunningCL());
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
    public KrotovParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        source.close();
        overlapKernel.close();
        deltaKernel.close();
        product.close();
    }
}
