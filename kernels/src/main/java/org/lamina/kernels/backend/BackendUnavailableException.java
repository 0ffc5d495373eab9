package org.lamina.kernels.backend;

/** The requested backend cannot run here (for example {@code opencl} with no OpenCL device). */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}
