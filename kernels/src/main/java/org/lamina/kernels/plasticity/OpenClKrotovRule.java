package org.lamina.kernels.plasticity;

import com.aparapi.device.OpenCLDevice;
import java.util.Arrays;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.DeviceKernel;
import org.lamina.kernels.product.OpenClMatrixProduct;
import org.lamina.kernels.rank.TopRanks;

/**
 * Aparapi OpenCL Krotov rule. The dense parts run on the device, one kernel class per step:
 * the overlap matrix {@code sign(W)|W|^(p-1)} ({@link OverlapKernel}, rows × cols, skipped for
 * p = 2), the currents (the OpenCL product, rows × batch) and {@code dW} of the rows that change
 * ({@link KrotovDeltaKernel}, touched rows × cols, each work item looping over the examples that
 * ranked its row). The host ranks each example ({@link TopRanks}), lists per touched row the
 * examples that ranked it first or k-th, forms the per-row coefficients {@code sum_b g I},
 * reduces {@code max|dW|} and adds {@code eps · dW / max(max|dW|, precision)} to the touched rows
 * (at most 2·batch rows, so O(batch · cols) host work).
 *
 * <p>The overlap matrix is recomputed from W on every call (no cache to invalidate). The kernels
 * run through {@link DeviceKernel}: every run must report {@code isRunningCL()} or the call throws
 * {@link BackendUnavailableException}, never a silent Java-thread fallback. Buffers and ranges are
 * kept while the shape stays the same: steady use allocates nothing per call. Not thread-safe;
 * close it to release the kernels.
 */
public final class OpenClKrotovRule implements KrotovRule {
    private final KrotovParams params;
    private final TopRanks ranks;
    private final OpenClMatrixProduct product;
    private final DeviceKernel<OverlapKernel> overlapKernel;
    private final DeviceKernel<KrotovDeltaKernel> deltaKernel;

    private float[] overlap = new float[1];
    private float[] currents = new float[1];
    private int[] first = new int[1];
    private int[] kth = new int[1];
    /** Per row: its slot this call, or -1 if it does not change. */
    private int[] slotOf = new int[1];
    /** Touched rows (ascending) in the first {@code count} slots. */
    private int[] touched = new int[1];
    /** Per slot, entries {@code start[s] .. start[s+1]} of (example, g); {@code cursor} fills them. */
    private int[] start = new int[2];
    private int[] cursor = new int[1];
    private int[] ex = new int[1];
    private float[] g = new float[1];
    private float[] coef = new float[1];
    private float[] wt = new float[1];
    private float[] dw = new float[1];
    /** Rows that may change per call for the current shape (at most two per example). */
    private int slots;
    private int shapeRows;
    private int shapeCols;
    private int shapeBatch;

    public OpenClKrotovRule(KrotovParams params, OpenCLDevice device) {
        DeviceKernel.requireDevice(device, "the OpenCL Krotov rule");
        this.params = params;
        this.ranks = new TopRanks(params.k());
        this.product = new OpenClMatrixProduct(device);
        this.overlapKernel = new DeviceKernel<>(new OverlapKernel(), device, "Krotov overlap kernel");
        this.deltaKernel = new DeviceKernel<>(new KrotovDeltaKernel(), device, "Krotov dW kernel");
        double q = params.p() - 1;
        overlapKernel.kernel().q = (float) q;
        overlapKernel.kernel().squared = q == 2 ? 1 : 0;
    }

    @Override
    public double update(float[] w, int rows, int cols, float[] v, int batch, double eps) {
        checkShapes(w, rows, cols, v, batch);
        reshape(rows, cols, batch);
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
        ranks.rank(currents, batch, rows, first, kth);

        int count = listTouchedRows(w, rows, cols, batch);

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
            int wr = touched[s] * cols;
            int dr = s * cols;
            for (int i = 0; i < cols; i++) {
                w[wr + i] += scale * dw[dr + i];
            }
        }
        return max;
    }

    /**
     * The rows that change, ascending (deterministic order), into the first slots; per slot the
     * examples that ranked the row first or k-th (ascending) with their g, the coefficient
     * {@code sum_b g I} and the row's current weights. Returns the number of slots used.
     */
    private int listTouchedRows(float[] w, int rows, int cols, int batch) {
        Arrays.fill(slotOf, 0, rows, -1);
        for (int b = 0; b < batch; b++) {
            slotOf[first[b]] = rows; // marked
            slotOf[kth[b]] = rows;
        }
        int count = 0;
        for (int mu = 0; mu < rows; mu++) {
            if (slotOf[mu] == rows) {
                touched[count] = mu;
                slotOf[mu] = count++;
            }
        }
        Arrays.fill(start, 0, count + 1, 0);
        for (int b = 0; b < batch; b++) {
            start[slotOf[first[b]] + 1]++;
            start[slotOf[kth[b]] + 1]++;
        }
        for (int s = 0; s < count; s++) {
            start[s + 1] += start[s];
            cursor[s] = start[s];
        }
        float delta = (float) params.delta();
        for (int b = 0; b < batch; b++) {
            int e = cursor[slotOf[first[b]]]++;
            ex[e] = b;
            g[e] = 1f;
            e = cursor[slotOf[kth[b]]]++;
            ex[e] = b;
            g[e] = -delta;
        }
        for (int s = 0; s < count; s++) {
            int mu = touched[s];
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
        slots = Math.min(rows, 2 * batch); // at most two rows change per example
        if (params.p() != 2) {
            overlap = new float[rows * cols];
        }
        currents = new float[batch * rows];
        first = new int[batch];
        kth = new int[batch];
        slotOf = new int[rows];
        touched = new int[slots];
        start = new int[slots + 1];
        cursor = new int[slots];
        ex = new int[2 * batch];
        g = new float[2 * batch];
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
        System.arraycopy(first, 0, out, 0, out.length);
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
        overlapKernel.close();
        deltaKernel.close();
        product.close();
    }
}
