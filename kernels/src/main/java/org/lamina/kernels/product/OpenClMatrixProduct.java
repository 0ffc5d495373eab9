package org.lamina.kernels.product;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.DeviceKernel;

/**
 * Aparapi OpenCL product: a 2-D range (row, example), one work item per output element, run
 * through {@link DeviceKernel} (a range from the device, a check after each run that it ran as
 * OpenCL, the range kept while the shape stays the same, so steady use allocates nothing per call).
 */
public final class OpenClMatrixProduct implements MatrixProduct {
    private final DeviceKernel<ProductKernel> cl;

    public OpenClMatrixProduct(OpenCLDevice device) {
        this.cl = new DeviceKernel<>(new ProductKernel(), device, "product");
    }

    @Override
    public void multiply(float[] w, int rows, int cols, float[] v, int batch, float[] out) {
        MatrixProduct.checkShapes(w, rows, cols, v, batch, out);
        ProductKernel kernel = cl.kernel();
        kernel.w = w;
        kernel.v = v;
        kernel.out = out;
        kernel.rows = rows;
        kernel.cols = cols;
        cl.put(w).put(v).run(rows, batch).get(out);
    }

    /** Whether the last run executed as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return cl.isRunningCL();
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        cl.close();
    }
}
