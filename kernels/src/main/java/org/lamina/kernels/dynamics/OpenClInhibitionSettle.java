package org.lamina.kernels.dynamics;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.DeviceKernel;

/**
 * Aparapi OpenCL settle: one work item per example ({@link SettleKernel}), in float like the Java
 * backend. Every run must report {@code isRunningCL()} or it throws
 * {@link BackendUnavailableException}. Not thread-safe; close it to release the kernel.
 */
public final class OpenClInhibitionSettle implements InhibitionSettle {
    private final SettleParams params;
    private final DeviceKernel<SettleKernel> kernel;

    public OpenClInhibitionSettle(SettleParams params, OpenCLDevice device) {
        this.params = params;
        this.kernel = new DeviceKernel<>(new SettleKernel(), device, "lateral-inhibition settle");
        SettleKernel k = kernel.kernel();
        k.maxSteps = params.maxSteps();
        k.a = (float) params.stepFactor();
        k.inhibition = (float) params.inhibition();
        k.power = (float) params.ratePower();
        k.relu = params.relu() ? 1 : 0;
        k.threshold = (float) (params.eps() * params.dt());
    }

    @Override
    public void settle(float[] currents, int batch, int units, float[] h, int[] steps, int[] settled) {
        InhibitionSettle.checkShapes(currents, batch, units, h, steps, settled);
        SettleKernel k = kernel.kernel();
        k.currents = currents;
        k.h = h;
        k.steps = steps;
        k.settled = settled;
        k.units = units;
        k.batch = batch;
        kernel.put(currents).run(batch, 1);
        kernel.get(h);
        kernel.get(steps);
        kernel.get(settled);
    }

    /** Whether the last run executed as OpenCL (tests). */
    public boolean isRunningCL() {
        return kernel.isRunningCL();
    }

    @Override
    public SettleParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        kernel.close();
    }
}
