package org.lamina.sim.engine;

/**
 * A run stopped on request ({@link Simulation#interrupt}) at a window boundary: every step before
 * {@link #step()} was simulated and written, and the trace has an INTERRUPTED footer.
 */
public final class SimulationInterruptedException extends RuntimeException {
    private final long step;
    private final long frames;

    SimulationInterruptedException(Coordinator.Interrupted i) {
        super("interrupted after " + i.step() + " steps: " + i.reason());
        this.step = i.step();
        this.frames = i.frames();
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
