package org.lamina.sim.event;

/**
 * What a population emitted in one step, for its whole minibatch. Immutable: arrays are
 * copied in when an emission is built and never written again, so one instance may be
 * delivered to several projections and recorded at the same time.
 */
public sealed interface Emission permits SpikeEmission, DenseEmission {
    /** Step at which the source emitted (delivery happens at {@code step + delay}). */
    long step();

    /** Number of examples (minibatch width). */
    int batch();
}
