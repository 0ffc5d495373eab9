package org.lamina.scenarios.run;

import java.util.Locale;

/** Where a run stands: what its manifest says, and for a run that says it is running, whether it is. */
public enum RunStatus {
    /** Its process is running it. */
    RUNNING,
    COMPLETED,
    FAILED,
    /** Stopped by SIGINT or SIGTERM at a window boundary, its outputs written. */
    INTERRUPTED,
    /** Its manifest said running, but the process that ran it has gone (killed, out of memory, a crash). */
    DEAD,
    /** Its manifest says running, but it has no lock file (an older Lamina wrote it): alive or not cannot be told. */
    UNKNOWN;

    /** As manifests and metrics.json write it: {@code running}, {@code completed}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a manifest's {@code status} names, or {@link #UNKNOWN} for anything else. */
    public static RunStatus parse(String label) {
        for (RunStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
