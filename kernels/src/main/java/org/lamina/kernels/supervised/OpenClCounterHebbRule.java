package org.lamina.kernels.supervised;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.DeviceKernel;

/**
 * Aparapi OpenCL Counter-Hebb rule: {@code dW} by {@link CounterHebbKernel}, one work item per
 * weight over a (pre, post) range, the batch reduction as a float scale. Run through
 * {@link DeviceKernel}: every run must report {@code isRunningCL()} or the call throws
 * {@link BackendUnavailableException}, never a silent Java-thread fallback. Not thread-safe;
 * close it to release the kernel.
 */
public final class OpenClCounterHebbRule implements CounterHebbRule {
    private final DeviceKernel<CounterHebbKernel> cl;

    public OpenClCounterHebbRule(OpenCLDevice device) {
        this.cl = new DeviceKernel<>(new CounterHebbKernel(),
                DeviceKernel.requireDevice(device, "the OpenCL Counter-Hebb rule"), "Counter-Hebb kernel");
    }

    @Override
    public void gradient(float[] delta, int post, float[] activity, int pre, int batch, BatchReduction reduction,
                         float[] dw) {
        CounterHebbRule.checkShapes(delta, post, activity, pre, batch, dw);
        CounterHebbKernel kernel = cl.kernel();
        kernel.delta = delta;
        kernel.activity = activity;
        kernel.dw = dw;
        kernel.post = post;
        kernel.pre = pre;
        kernel.batch = batch;
        kernel.factor = (float) reduction.factor(batch);
        cl.put(delta).put(activity).run(pre, post).get(dw);
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
