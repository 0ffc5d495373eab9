package org.lamina.scenarios.run;

import java.io.IOException;

/**
 * One of a run's outputs (its manifest, metrics.json, figures, report, console lines), told what
 * happens to the run. Called on the runner's thread, in the order the listeners were given.
 */
public interface RunListener {
    /** The run folder exists and the simulation is about to start. */
    default void started(RunRecord run) throws IOException {
    }

    /** An epoch (or test pass) of a phase has ended: {@code epochs} is the phase's number of epochs. */
    default void epoch(RunRecord run, MetricsCollector.EpochRecord epoch, int epochs) {
    }

    /**
     * The run has ended: {@code status} is {@link RunStatus#COMPLETED}, {@link RunStatus#FAILED} or
     * {@link RunStatus#INTERRUPTED}; {@code error} says why it did not complete (empty when it did).
     */
    default void finished(RunRecord run, RunStatus status, String error) throws IOException {
    }
}
