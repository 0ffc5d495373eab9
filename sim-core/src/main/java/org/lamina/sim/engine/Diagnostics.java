package org.lamina.sim.engine;

/** Turns a failure into one line a person can act on: type, message, and where it was thrown. */
final class Diagnostics {
    private Diagnostics() {
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage());
        }
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length > 0) {
            sb.append(" (at ").append(trace[0]).append(')');
        }
        if (e.getCause() != null && e.getCause() != e) {
            sb.append("; caused by ").append(describe(e.getCause()));
        }
        return sb.toString();
    }
}
