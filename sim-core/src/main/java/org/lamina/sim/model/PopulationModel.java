package org.lamina.sim.model;

import java.util.List;

/**
 * The population contract: the mutable numerics of one population, driven by its actor.
 * Per window the engine calls {@link #step} once per step with the inputs that arrive at that
 * step, sends what was emitted, and samples {@link #state()} and the weights.
 *
 * <p>Plasticity is the engine's to switch: a model changes the weights of an incoming
 * projection only while the current {@link Phase} lists that projection
 * ({@link Phase#learns(int)}), as delivered to {@link #phase}. Its rule decides how the weights
 * change; the phase decides whether they may.
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
     * A phase of the schedule begins or ends; called before the first step of the phase (or
     * after its last), so a model switches its rules on for the projections the phase lists, and
     * off again, at an exact step. Default: ignored (a model without plasticity).
     */
    default void phase(Phase phase, boolean begin) {
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
     * What the model learnt alongside an incoming projection's weights and needs with them (a
     * readout's bias and feature standardisation), by name: recorded with every weight snapshot
     * of the projection, and handed back as the {@link org.lamina.sim.spec.WeightInit#extras()}
     * of a run started from that snapshot. Read between steps; the engine copies. Default: none.
     */
    default java.util.SortedMap<String, float[]> weightExtras(int projectionId) {
        return java.util.Collections.emptySortedMap();
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

    /**
     * Whether {@link #save} and {@link #restore} are implemented: a checkpoint of a network with a
     * model that is not is refused, naming it. Default: false.
     */
    default boolean checkpointable() {
        return false;
    }

    /**
     * Writes everything this model's later steps depend on and its construction does not give
     * again (state vectors, learnt weights and what was learnt with them, optimiser moments,
     * counters that key its random draws, buffers that span steps), between steps.
     */
    default void save(ModelState out) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be checkpointed");
    }

    /**
     * Restores what {@link #save} wrote into this model, freshly created from the same descriptor
     * and context, after the phases that were active when it was saved have begun again.
     */
    default void restore(ModelState in) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be checkpointed");
    }

    /** Releases resources (kernels, buffers). Called once when the population stops. */
    @Override
    default void close() {
    }
}
