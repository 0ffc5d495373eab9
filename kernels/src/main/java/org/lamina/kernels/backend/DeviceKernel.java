package org.lamina.kernels.backend;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;

/**
 * One Aparapi kernel bound to one OpenCL device, and the one way the OpenCL implementations run
 * a kernel: put the inputs (explicit buffers), {@link #run} over a 2-D range made by the device,
 * check that it really ran as OpenCL, get the outputs; {@link #close} disposes the kernel.
 *
 * <p>The range comes from the device ({@code createRange2D}), and after every run
 * {@code isRunningCL()} must hold, or the run throws {@link BackendUnavailableException}: never a
 * silent fallback. The check is what stops one: a kernel Aparapi cannot translate still runs on
 * its Java thread pool, even on a device's range (Aparapi logs "Device failed" and falls back;
 * {@code DeviceKernelTest} shows it). The range is kept while the shape stays the same, so steady
 * use allocates nothing per call. The caller sets the kernel's fields ({@link #kernel()}) before
 * a run. Not thread-safe.
 *
 * @param <K> the kernel class (one class per entry point: Aparapi runs only {@code run()})
 */
public final class DeviceKernel<K extends Kernel> implements AutoCloseable {
    private final K kernel;
    private final OpenCLDevice device;
    private final String what;
    /** The range of the last shape; a new one only when the shape changes. */
    private Range range;

    /**
     * @param what what the kernel computes, for the error when it did not run as OpenCL
     *             ({@code "the OpenCL " + what + " fell back to Java threads"})
     */
    public DeviceKernel(K kernel, OpenCLDevice device, String what) {
        this.kernel = kernel;
        this.device = requireDevice(device, "the OpenCL " + what);
        this.what = what;
        kernel.setExplicit(true);
    }

    /** {@code device}, or a {@link BackendUnavailableException} saying that {@code who} needs one. */
    public static OpenCLDevice requireDevice(OpenCLDevice device, String who) {
        if (device == null) {
            throw new BackendUnavailableException(who + " needs an OpenCL device");
        }
        return device;
    }

    /** The kernel, to set its fields before a run. */
    public K kernel() {
        return kernel;
    }

    /** Sends {@code a} to the device before the next run. */
    public DeviceKernel<K> put(float[] a) {
        kernel.put(a);
        return this;
    }

    /** Sends {@code a} to the device before the next run. */
    public DeviceKernel<K> put(int[] a) {
        kernel.put(a);
        return this;
    }

    /**
     * Runs the kernel over a {@code width × height} range of the device and refuses a silent
     * fallback: throws {@link BackendUnavailableException} if it did not run as OpenCL.
     */
    public DeviceKernel<K> run(int width, int height) {
        if (range == null || range.getGlobalSize(0) != width || range.getGlobalSize(1) != height) {
            range = device.createRange2D(width, height);
        }
        kernel.execute(range);
        if (!kernel.isRunningCL()) {
            throw new BackendUnavailableException("the OpenCL " + what + " fell back to Java threads on " + device.getName());
        }
        return this;
    }

    /** Copies {@code out} back from the device after a run. */
    public void get(float[] out) {
        kernel.get(out);
    }

    /** Copies {@code out} back from the device after a run. */
    public void get(int[] out) {
        kernel.get(out);
    }

    /** Whether the last run executed as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return kernel.isRunningCL();
    }

    @Override
    public void close() {
        kernel.dispose();
    }
}
