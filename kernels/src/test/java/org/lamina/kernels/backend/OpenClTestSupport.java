package org.lamina.kernels.backend;

import com.aparapi.device.OpenCLDevice;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device tests run on, for every module's OpenCL tests. Where
 * {@code LAMINA_REQUIRE_OPENCL} is set (CI, which installs PoCL), a missing device fails the
 * test; elsewhere the OpenCL tests skip, and the test JVM says so once, in one line.
 */
public final class OpenClTestSupport {
    private static boolean told;

    private OpenClTestSupport() {
    }

    public static OpenCLDevice device() {
        return selection().device();
    }

    /** The selection a factory gets for {@code --backend opencl}: skips or fails when there is no device. */
    public static BackendSelection selection() {
        OpenCl.Discovery found = OpenCl.discover();
        if (!found.available()) {
            throw unavailable(found.problem());
        }
        return BackendSelection.select(BackendRequest.OPENCL);
    }

    /** Skips (or fails, see above) unless an OpenCL device is there. */
    public static void requireDevice() {
        selection();
    }

    private static RuntimeException unavailable(String why) {
        if (System.getenv("LAMINA_REQUIRE_OPENCL") != null) {
            throw new AssertionError("LAMINA_REQUIRE_OPENCL is set but " + why);
        }
        synchronized (OpenClTestSupport.class) {
            if (!told) {
                told = true;
                System.err.println("OpenCL tests skip: " + why + "; LAMINA_REQUIRE_OPENCL=1 makes them fail instead");
            }
        }
        Assumptions.abort(why);
        return new IllegalStateException("unreachable");
    }

    /** What {@link #collectorPressure()} returns: stop it with {@link #close()}. */
    public interface Pressure extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Keeps the garbage collector moving arrays until closed, for the OpenCL stress tests (issue
     * 19: device buffers that kept a Java array's address went wrong once the collector moved the
     * array): a daemon thread makes young garbage all the time (young collections move every young
     * array, such as a message's values or a kernel's fresh output) and runs a full, compacting
     * collection every 50 ms (which moves long-lived arrays too, and may hand freed heap back to
     * the system, so a stale address can fault instead of reading old values).
     */
    public static Pressure collectorPressure() {
        AtomicBoolean done = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            Object[] keep = new Object[64];
            long nextFull = System.nanoTime();
            for (int i = 0; !done.get(); i++) {
                keep[i & 63] = new float[256 + (i * 97) % 8192];
                if ((i & 255) == 0) {
                    if (System.nanoTime() >= nextFull) {
                        System.gc();
                        nextFull = System.nanoTime() + 50_000_000L;
                    }
                    Thread.yield();
                }
            }
        }, "collector-pressure");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            done.set(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** The selection that gives the reference implementations (no request maps to it). */
    public static BackendSelection reference() {
        return new BackendSelection(BackendRequest.JAVA, Backend.REFERENCE, null, "cpu", "");
    }
}
