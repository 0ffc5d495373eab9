package org.lamina.sim.engine;

import java.util.List;
import org.lamina.sim.event.Emission;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;

/**
 * The engine between two windows, complete enough to continue exactly: every step before
 * {@code step} is integrated by every population and its frames are in the sink; each
 * population's model state, the emissions still on their way to it, and its phases.
 * {@link Simulation#checkpoint()} takes one; {@link Simulation#resume} continues from one.
 * Counter-based random streams need no state of their own: the counters that key them are
 * part of the models' state.
 *
 * @param frames      frames recorded so far (the footer's count continues from it)
 * @param spikeEvents spike events so far
 */
public record EngineCheckpoint(long step, long nextWindow, long frames, long spikeEvents,
                               List<PopulationState> populations) {

    public EngineCheckpoint {
        populations = List.copyOf(populations);
    }

    /**
     * One population: its model's state, the emissions that arrive at {@code step} or later,
     * the phases begun and not ended (in the order they began) and the phase changes sent but
     * not yet applied.
     */
    public record PopulationState(int id, String name, ModelState model, List<Pending> pending, List<Phase> activePhases,
                                  List<QueuedPhase> queuedPhases) {
        public PopulationState {
            pending = List.copyOf(pending);
            activePhases = List.copyOf(activePhases);
            queuedPhases = List.copyOf(queuedPhases);
        }
    }

    /** An emission of projection {@code projection} that arrives at {@code step}. */
    public record Pending(long step, int projection, Emission emission) {
    }

    /** A phase change applied before step {@code step}. */
    public record QueuedPhase(Phase phase, boolean begin, long step) {
    }
}
