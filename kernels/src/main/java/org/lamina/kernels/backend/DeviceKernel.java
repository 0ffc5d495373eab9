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
 * a run.
 *
 * <p><b>Device buffers are copies.</b> Aparapi's default on every device ({@code sharedMemory})
 * creates each buffer with {@code CL_MEM_USE_HOST_PTR} on the Java array's address, which it pins
 * only for the duration of one JNI call; the buffer keeps that address afterwards. Once the
 * garbage collector moves the array (G1 moves every young array, and old ones in mixed
 * collections), the device uses memory that now belongs to other objects: a later {@code get}
 * copies whatever lies there (wrong results) or faults in the driver's copy (SIGSEGV in a PoCL
 * thread), and the runs of {@code bars-readout} on PoCL died of SIGSEGV in ordinary Java code
 * reading damaged objects (issue 19: 7 of 40 runs; none of 40 since). The constructor therefore
 * sets {@code sharedMemory = false} on the device before the kernel's first run (Aparapi reads it
 * when it creates the kernel's context): buffers are then created with
 * {@code CL_MEM_COPY_HOST_PTR}, the driver owns their storage, and the only Java addresses it
 * sees are those pinned during the {@code put}/{@code get} copy itself.
 *
 * <p><b>Threads.</b> An instance is not thread-safe: it belongs to one owner (a population
 * model, which an actor runs one message at a time, whatever dispatcher thread that is). Across
 * instances every Aparapi call that reaches native code ({@link #run}, {@link #get},
 * {@link #close}) holds one process-wide lock: Aparapi serialises kernel execution and compilation
 * on a static monitor of its own, but not {@code Kernel.get} and {@code Kernel.dispose}, and
 * dispose clears that same static set of compiled binaries outside it; the native side keeps
 * lazily initialised globals as well. Since Aparapi serialises executions anyway, the lock adds
 * only the wait of a get or a dispose behind another thread's run.
 *
 * @param <K> the kernel class (one class per entry point: Aparapi runs only {@code run()})
 */
public final class DeviceKernel<K extends Kernel> implements AutoCloseable {
    /** Held by every call into Aparapi's native code, by every instance (see the class comment). */
    private static final Object DEVICE_CALLS = new Object();

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
        synchronized (DEVICE_CALLS) {
            // Never a Java array's address as the device's storage (see the class comment).
            if (device.isSharedMemory()) {
                device.setSharedMemory(false);
            }
        }
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
        synchronized (DEVICE_CALLS) {
            kernel.execute(range);
        }
        if (!kernel.isRunningCL()) {
            throw new BackendUnavailableException("the OpenCL " + what + " fell back to Java threads on " + device.getName());
        }
        return this;
    }

    /** Copies {@code out} back from the device after a run. */
    public void get(float[] out) {
        synchronized (DEVICE_CALLS) {
            kernel.get(out);
        }
    }

    /** Copies {@code out} back from the device after a run. */
    public void get(int[] out) {
        synchronized (DEVICE_CALLS) {
            kernel.get(out);
        }
    }

    /** Whether the last run executed as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return kernel.isRunningCL();
    }

    @Override
    public void close() {
        synchronized (DEVICE_CALLS) {
            kernel.dispose();
        }
    }
}
