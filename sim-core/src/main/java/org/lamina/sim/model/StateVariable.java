package org.lamina.sim.model;

/** A named state vector of a population, {@code batch × size} floats, row-major. */
public record StateVariable(String name, float[] values) {
}
