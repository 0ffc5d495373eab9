package org.lamina.sim.model;

import java.util.List;

/**
 * The population contract: the mutable numerics of one population, driven by its actor.
 * Per window the engine runs the phases deliver → integrate → emit → learn → record:
 * it calls {@link #step} once per step of the window with the inputs that arrive at that
 * step, sends what was emitted, calls {@link #learn}, and samples {@link #state()}.
 *
 * <p>Implementations must be deterministic functions of their inputs and their
 * {@link PopulationContext#rng()} draws, and should allocate nothing per step.
 * Throwing from any method stops the run with a diagnostic naming population and step.
 */
public interface PopulationModel extends AutoCloseable {

    /**
     * Advances one step. {@code inputs} holds what arrives at this step, ordered by projection
     * id; {@code out} takes what the population emits at this step (at most one emission).
     */
    void step(long step, StepInputs inputs, Emitter out);

    /**
     * Applies plasticity to the incoming projections (weights live with the target) after the
     * last step of a window. Default: no plasticity.
     */
    default void learn(long window, long lastStep) {
    }

    /**
     * A phase of the schedule (e.g. {@code unsupervised}, {@code test}) begins or ends; called
     * before the first step of the phase (or after its last), so a model can switch learning on
     * or off at an exact step. Default: ignored.
     */
    default void phase(String name, boolean begin) {
    }

    /** Named recordable state, each {@code batch × size} row-major; live views, read between steps. */
    default List<StateVariable> state() {
        return List.of();
    }

    /** Live view of an incoming projection's weights (post × pre), or null if it has none. */
    default float[] weights(int projectionId) {
        return null;
    }

    /**
     * A number that changes whenever the model changes any of its incoming weights (a count of
     * learning steps will do). The engine checks the weights for values that are not finite once
     * at the start and then only after windows in which this changed: a weight matrix can be far
     * larger than the work of a step that does not learn. Default: 0, weights never change.
     */
    default long weightsVersion() {
        return 0;
    }

    /** Releases resources (kernels, buffers). Called once when the population stops. */
    @Override
    default void close() {
    }
}
