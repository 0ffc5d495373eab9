package org.lamina.kernels.supervised;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenCl;
import org.lamina.kernels.backend.BackendUnavailableException;

/**
 * Aparapi OpenCL Counter-Hebb rule: {@code dW} by {@link CounterHebbKernel}, one work item per
 * weight over a (pre, post) range, the batch reduction as a float scale. The range comes from
 * the device, so a kernel that cannot be translated throws instead of silently running on Java
 * threads, and every run must report {@code isRunningCL()} or the call throws
 * {@link BackendUnavailableException}. The range is kept while the shape stays the same. Not
 * thread-safe; close it to release the kernel.
 */
public final class OpenClCounterHebbRule implements CounterHebbRule {
    private final OpenCLDevice device;
    private final CounterHebbKernel kernel = new CounterHebbKernel();
    private Range range;

    public OpenClCounterHebbRule(OpenCLDevice device) {
        if (device == null) {
            throw new BackendUnavailableException("the OpenCL Counter-Hebb rule needs an OpenCL device");
        }
        this.device = device;
        kernel.setExplicit(true);
    }

    @Override
    public void gradient(float[] delta, int post, float[] activity, int pre, int batch, BatchReduction reduction,
                         float[] dw) {
        CounterHebbRule.checkShapes(delta, post, activity, pre, batch, dw);
        kernel.delta = delta;
        kernel.activity = activity;
        kernel.dw = dw;
        kernel.post = post;
        kernel.pre = pre;
        kernel.batch = batch;
        kernel.factor = (float) reduction.factor(batch);
        kernel.put(delta).put(activity);
        if (range == null || range.getGlobalSize(0) != pre || range.getGlobalSize(1) != post) {
            range = device.createRange2D(pre, post);
        }
        OpenCl.execute(kernel, range, "Counter-Hebb kernel", device);
        kernel.get(dw);
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
