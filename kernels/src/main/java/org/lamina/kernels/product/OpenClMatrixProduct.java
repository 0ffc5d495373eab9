package org.lamina.kernels.product;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenCl;
import org.lamina.kernels.backend.BackendUnavailableException;

/**
 * Aparapi OpenCL product: a 2-D range (row, example), one work item per output element. The
 * range comes from the device, so a kernel that cannot be translated throws instead of
 * silently running on Java threads; after each run the kernel must report {@code isRunningCL()}.
 * The range is kept while the shape stays the same, so steady use allocates nothing per call.
 */
public final class OpenClMatrixProduct implements MatrixProduct {
    private final OpenCLDevice device;
    private final ProductKernel kernel = new ProductKernel();
    /** The range of the last shape; a new one only when the shape changes. */
    private Range range;

    public OpenClMatrixProduct(OpenCLDevice device) {
        if (device == null) {
            throw new BackendUnavailableException("the OpenCL product needs an OpenCL device");
        }
        this.device = device;
        kernel.setExplicit(true);
    }

    @Override
    public void multiply(float[] w, int rows, int cols, float[] v, int batch, float[] out) {
        MatrixProduct.checkShapes(w, rows, cols, v, batch, out);
        kernel.w = w;
        kernel.v = v;
        kernel.out = out;
        kernel.rows = rows;
        kernel.cols = cols;
        kernel.put(w).put(v);
        if (range == null || range.getGlobalSize(0) != rows || range.getGlobalSize(1) != batch) {
            range = device.createRange2D(rows, batch);
        }
        OpenCl.execute(kernel, range, "product", device);
        kernel.get(out);
    }

    /** Whether the last run executed as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return kernel.isRunningCL();
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        kernel.dispose();
    }
}
