package org.lamina.scenarios.run;

import java.util.Optional;
import org.lamina.sim.engine.Simulation;

/**
 * Lets something outside a run stop it at a window boundary: the command line does on SIGINT
 * and SIGTERM. The runner tells it each simulation it starts and when that ends; once a stop is
 * requested, the run in progress is interrupted and no further run starts.
 */
public interface RunStop {
    /** Why runs must stop (e.g. {@code SIGTERM}), once asked. */
    Optional<String> requested();

    /** {@code sim} is the run in progress: interrupt it when asked to stop (at once if already asked). */
    void running(Simulation sim);

    /** The run in progress has ended. */
    void ended();

    /** Never asks to stop. */
    RunStop NONE = new RunStop() {
        @Override
        public Optional<String> requested() {
            return Optional.empty();
        }

        @Override
        public void running(Simulation sim) {
        }

        @Override
        public void ended() {
        }
    };
}
