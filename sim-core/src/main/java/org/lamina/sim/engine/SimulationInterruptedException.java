package org.lamina.sim.engine;

/**
 * A run stopped on request ({@link Simulation#interrupt}) at a window boundary: every step before
 * {@link #step()} was simulated and written, and the trace has an INTERRUPTED footer.
 */
public final class SimulationInterruptedException extends RuntimeException {
    private final String reason;
    private final long step;
    private final long frames;

    SimulationInterruptedException(Coordinator.Interrupted i) {
        super("interrupted after " + i.step() + " steps: " + i.reason());
        this.reason = i.reason();
        this.step = i.step();
        this.frames = i.frames();
    }

    /** What asked the run to stop (e.g. {@code SIGTERM}), as given to {@link Simulation#interrupt}. */
    public String reason() {
        return reason;
    }

    /** Steps completed (and written) before the run stopped. */
    public long step() {
        return step;
    }

    /** Frames in the trace. */
    public long frames() {
        return frames;
    }
}
