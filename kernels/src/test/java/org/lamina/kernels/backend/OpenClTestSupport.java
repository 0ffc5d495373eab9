package org.lamina.kernels.backend;

import com.aparapi.device.OpenCLDevice;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device tests run on. Where {@code LAMINA_REQUIRE_OPENCL} is set (CI, which installs
 * PoCL), a missing device fails the test; elsewhere the OpenCL tests are skipped with the reason.
 */
public final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    public static OpenCLDevice device() {
        BackendSelection s;
        try {
            s = BackendSelection.select(BackendRequest.OPENCL);
        } catch (BackendUnavailableException e) {
            if (System.getenv("LAMINA_REQUIRE_OPENCL") != null) {
                throw new AssertionError("LAMINA_REQUIRE_OPENCL is set but " + e.getMessage(), e);
            }
            Assumptions.abort(e.getMessage());
            throw e;
        }
        return s.device();
    }

    /** The selection a factory gets for {@code --backend opencl}: skips or fails as {@link #device()} does. */
    public static BackendSelection selection() {
        OpenCLDevice d = device();
        return new BackendSelection(BackendRequest.OPENCL, Backend.OPENCL, d, OpenCl.describe(d), "");
    }

    /** The selection that gives the reference implementations (no request maps to it). */
    public static BackendSelection reference() {
        return new BackendSelection(BackendRequest.JAVA, Backend.REFERENCE, null, "cpu", "");
    }
}
