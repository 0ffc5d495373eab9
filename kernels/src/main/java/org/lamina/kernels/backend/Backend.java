package org.lamina.kernels.backend;

import java.util.Locale;

/** Where a kernel's arithmetic runs. */
public enum Backend {
    /** Scalar loops in double precision: the specification the others are tested against. */
    REFERENCE,
    /** Vector API, multi-threaded, cache-blocked Java. */
    JAVA,
    /** Aparapi-generated OpenCL on an OpenCL device. */
    OPENCL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
