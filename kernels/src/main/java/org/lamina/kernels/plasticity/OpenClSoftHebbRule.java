package org.lamina.kernels.plasticity;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenCl;
import org.lamina.kernels.backend.BackendUnavailableException;
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
 * <p>Ranges are built from the device, so a kernel that cannot be translated throws instead of
 * silently running on Java threads, and every run must report {@code isRunningCL()} or the call
 * throws {@link BackendUnavailableException}. Buffers and ranges are kept while the shape stays
 * the same: steady use allocates nothing per call. Not thread-safe; close it to release the kernels.
 */
public final class OpenClSoftHebbRule implements SoftHebbRule {
    private final SoftHebbParams params;
    private final OpenCLDevice device;
    private final OpenClMatrixProduct product;
    private final SoftHebbDeltaKernel deltaKernel = new SoftHebbDeltaKernel();

    private float[] u = new float[1];
    private double[] uD = new double[1];
    private double[] yD = new double[1];
    private float[] y = new float[1];
    private float[] yu = new float[1];
    private float[] dw = new float[1];
    private double[] db = new double[1];
    private int[] winners = new int[1];
    private Range deltaRange;
    private int shapeRows;
    private int shapeCols;
    private int shapeBatch;

    public OpenClSoftHebbRule(SoftHebbParams params, OpenCLDevice device) {
        if (device == null) {
            throw new BackendUnavailableException("the OpenCL SoftHebb rule needs an OpenCL device");
        }
        this.params = params;
        this.device = device;
        this.product = new OpenClMatrixProduct(device);
        deltaKernel.setExplicit(true);
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

        deltaKernel.w = w;
        deltaKernel.x = x;
        deltaKernel.y = y;
        deltaKernel.yu = yu;
        deltaKernel.dw = dw;
        deltaKernel.rows = rows;
        deltaKernel.cols = cols;
        deltaKernel.batch = batch;
        deltaKernel.put(w).put(x).put(y).put(yu);
        OpenCl.execute(deltaKernel, deltaRange, "SoftHebb dW kernel", device);
        deltaKernel.get(dw);

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

    /** Buffers and the range for a new shape; nothing happens while the shape stays the same. */
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
        deltaRange = device.createRange2D(cols, rows);
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
        deltaKernel.dispose();
        product.close();
    }
}
