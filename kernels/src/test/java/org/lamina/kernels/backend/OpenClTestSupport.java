package org.lamina.kernels.backend;

import com.aparapi.device.OpenCLDevice;
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

    /** The selection that gives the reference implementations (no request maps to it). */
    public static BackendSelection reference() {
        return new BackendSelection(BackendRequest.JAVA, Backend.REFERENCE, null, "cpu", "");
    }
}
