package org.lamina.sim.model;

import java.util.List;
import java.util.SortedMap;

/**
 * The immutable description of a population model (its parameters), able to create the
 * model's mutable numerics once per run. Implemented by parameter records in {@code neurons}.
 */
public interface ModelDescriptor {
    /** Short model name recorded in traces, e.g. {@code "lif"}. */
    String name();

    /** Parameters as text, for the trace header and reports. */
    SortedMap<String, String> params();

    /** Names of the recordable state variables the model exposes. */
    List<String> stateVariables();

    /** Creates the model's state for one run. Called once, on the population's actor. */
    PopulationModel create(PopulationContext context);

    /**
     * Checks the projections that reach a population of this model as {@link #create} would, without
     * creating anything (their {@link IncomingProjection#initRng()} may be null), so that a scenario
     * reader can refuse a network before it runs; throws IllegalArgumentException saying what is
     * wrong. Default: any projections.
     */
    default void checkIncoming(PopulationContext context) {
    }
}
