package org.lamina.scenarios.run;

import java.nio.file.Path;

/**
 * A run was stopped on request (a signal) at a window boundary. Its folder (null when the stop
 * came before it was created) holds the trace with an INTERRUPTED footer, metrics.json, the report
 * and a manifest that says "interrupted".
 */
public final class RunInterruptedException extends RuntimeException {
    private final Path folder;
    private final long steps;

    public RunInterruptedException(String reason, Path folder, long steps, Throwable cause) {
        super(reason, cause);
        this.folder = folder;
        this.steps = steps;
    }

    /** The run folder, or null when none was created. */
    public Path folder() {
        return folder;
    }

    /** Steps simulated and written before the run stopped. */
    public long steps() {
        return steps;
    }
}
