package org.lamina.kernels.backend;

import java.util.Locale;

/** What the user asked for: {@code auto} picks an OpenCL GPU if there is one, else Java. */
public enum BackendRequest {
    AUTO, OPENCL, JAVA;

    public static BackendRequest parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown kernel backend '" + s + "': expected auto, opencl or java");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
