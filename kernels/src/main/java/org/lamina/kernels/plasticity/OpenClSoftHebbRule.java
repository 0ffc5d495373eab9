package org.lamina.kernels.plasticity;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.DeviceKernel;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.product.OpenClMatrixProduct;

/**
 * Aparapi OpenCL SoftHebb rule. The dense parts run on the device, one kernel class per step:
 * the pre-activations {@code u = W x} (the OpenCL product, rows × batch) and
 * {@code dW = y^T X - (sum_b y ∘ u)[:, None] * W} ({@link SoftHebbDeltaKernel}, rows × cols, each
 * work item looping over the batch). The host forms the activations {@code y} from {@code u}
 * ({@link SoftHebbRule#activations}, in double like the reference), the per-row coefficients
 * {@code sum_b y u}, reduces {@code max|dW|}, and applies the radius-dependent step. A bias (if
 * any) is added to {@code u} on the host in double and learns there ({@link SoftHebbRule}); the
 * kernels do not change with it.
 *
 * <p>The kernels run through {@link DeviceKernel}: every run must report {@code isRunningCL()} or
 * the call throws {@link BackendUnavailableException}, never a silent Java-thread fallback.
 * Buffers and ranges are kept while the shape stays the same: steady use allocates nothing per
 * call. Not thread-safe; close it to release the kernels.
 */
public final class OpenClSoftHebbRule implements SoftHebbRule {
    private final SoftHebbParams params;
    private final OpenClMatrixProduct product;
    private final DeviceKernel<SoftHebbDeltaKernel> deltaKernel;

    private float[] u = new float[1];
    private double[] uD = new double[1];
    private double[] yD = new double[1];
    private float[] y = new float[1];
    private float[] yu = new float[1];
    private float[] dw = new float[1];
    private double[] db = new double[1];
    private int[] winners = new int[1];
    private int shapeRows;
    private int shapeCols;
    private int shapeBatch;

    public OpenClSoftHebbRule(SoftHebbParams params, OpenCLDevice device) {
        DeviceKernel.requireDevice(device, "the OpenCL SoftHebb rule");
        this.params = params;
        this.product = new OpenClMatrixProduct(device);
        this.deltaKernel = new DeviceKernel<>(new SoftHebbDeltaKernel(), device, "SoftHebb dW kernel");
    }

    @Override
    public double update(float[] w, float[] bias, int rows, int cols, float[] x, int batch) {
        SoftHebbRule.checkBias(params, bias, rows);
        if (rows < 1 || cols < 1 || batch < 1) {
            throw new IllegalArgumentException("rows, cols and batch must be >= 1, got " + rows + ", " + cols + ", " + batch);
        }
        reshape(rows, cols, batch);
        MatrixProduct.checkShapes(w, rows, cols, x, batch, u);
        product.multiply(w, rows, cols, x, batch, u);
        if (bias == null) {
            for (int i = 0; i < batch * rows; i++) {
                uD[i] = u[i];
            }
        } else {
            for (int b = 0; b < batch; b++) {
                for (int r = 0; r < rows; r++) {
                    uD[b * rows + r] = (double) u[b * rows + r] + bias[r];
                }
            }
        }
        SoftHebbRule.activations(params, uD, batch, rows, yD, winners);
        double maxDb = bias == null ? 0 : SoftHebbRule.biasDelta(params, yD, batch, rows, bias, db);
        for (int i = 0; i < batch * rows; i++) {
            y[i] = (float) yD[i];
        }
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int b = 0; b < batch; b++) {
                s += yD[b * rows + r] * uD[b * rows + r];
            }
            yu[r] = (float) s;
        }

        SoftHebbDeltaKernel d = deltaKernel.kernel();
        d.w = w;
        d.x = x;
        d.y = y;
        d.yu = yu;
        d.dw = dw;
        d.rows = rows;
        d.cols = cols;
        d.batch = batch;
        deltaKernel.put(w).put(x).put(y).put(yu).run(cols, rows).get(dw);

        double max = 0;
        for (int i = 0; i < rows * cols; i++) {
            max = Math.max(max, Math.abs(dw[i]));
        }
        double norm = max + 1e-30;
        for (int r = 0; r < rows; r++) {
            SoftHebbRule.stepRow(params, w, dw, r, cols, norm, bias, db, maxDb);
        }
        return max;
    }

    @Override
    public void lastWinners(int[] out) {
        System.arraycopy(winners, 0, out, 0, out.length);
    }

    /** Buffers for a new shape; nothing happens while the shape stays the same. */
    private void reshape(int rows, int cols, int batch) {
        if (rows == shapeRows && cols == shapeCols && batch == shapeBatch) {
            return;
        }
        u = new float[batch * rows];
        uD = new double[batch * rows];
        yD = new double[batch * rows];
        y = new float[batch * rows];
        yu = new float[rows];
        dw = new float[rows * cols];
        db = new double[rows];
        winners = new int[batch];
        shapeRows = rows;
        shapeCols = cols;
        shapeBatch = batch;
    }

    /** Whether every kernel of the last update ran as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return product.isRunningCL() && deltaKernel.isRunningCL();
    }

    @Override
    public SoftHebbParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        deltaKernel.close();
        product.close();
    }
}
