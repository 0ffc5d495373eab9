package org.lamina.kernels.spikes;

import org.lamina.kernels.backend.Backend;

/**
 * The input currents of a layer fed with spikes: each spike of input {@code i} in example
 * {@code b} adds {@code gain · eventWeight} times column {@code i} of the weights to the
 * example's currents, {@code currents[b·units + u] += gain · eventWeight · W[u·inputs + i]}.
 * Over a presentation that is {@code W · counts_b}, the product with the example's (weighted)
 * spike counts; with {@code gain = 1/T} it is the rate.
 *
 * <p>Weights are row-major {@code units × inputs}, as everywhere. {@link #loadWeights} takes a
 * snapshot of them (each backend keeps them in the layout it reads fastest, input-major, and the
 * OpenCL one on its device); calls use that snapshot until the next load, so load again after
 * every weight change (once per learning step, not per spike step).
 *
 * <p>Events are compressed rows per example: example {@code b} has the events
 * {@code [offsets[b], offsets[b+1])} of {@code inputIndices} (and of {@code eventWeights}, which
 * may be null: every event weighs 1); {@code offsets[0] = 0}. An input may spike several times in
 * an example, in any order; an example may have none. Currents are batch-major
 * ({@code batch × units}). Implementations may hold device kernels and buffers: close them.
 */
public interface SpikeAccumulation extends AutoCloseable {

    /** Takes a snapshot of {@code weights} ({@code units × inputs}, row-major) for the following calls. */
    void loadWeights(float[] weights, int units, int inputs);

    /** Adds the events' currents to {@code currents}: accumulates over the steps of a presentation. */
    void add(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, float[] currents);

    /** Overwrites {@code currents} with the events' currents (as {@link #add} on zeroed currents). */
    void write(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, float[] currents);

    /** Units of the loaded weights (0 before the first load). */
    int units();

    /** Inputs of the loaded weights (0 before the first load). */
    int inputs();

    Backend backend();

    @Override
    default void close() {
    }

    /** Checks the weights' shape every implementation expects. */
    static void checkWeights(float[] weights, int units, int inputs) {
        if (units < 1 || inputs < 1) {
            throw new IllegalArgumentException("units and inputs must be >= 1, got " + units + ", " + inputs);
        }
        if (weights.length != units * inputs) {
            throw new IllegalArgumentException("weights must hold units * inputs = " + units * inputs + " floats, got "
                    + weights.length);
        }
    }

    /**
     * Checks the shapes of a call, and the offsets, but not the input indices (they are checked
     * with {@link #checkIndices} or while the events are read, before any current changes).
     */
    static void checkShapes(int units, int inputs, int batch, int[] offsets, int[] inputIndices, float[] eventWeights,
                            float[] currents) {
        if (units == 0) {
            throw new IllegalStateException("no weights loaded: call loadWeights first");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        if (offsets.length < batch + 1) {
            throw new IllegalArgumentException("offsets must hold batch + 1 = " + (batch + 1) + " ints, got "
                    + offsets.length);
        }
        if (offsets[0] != 0) {
            throw new IllegalArgumentException("offsets[0] must be 0, got " + offsets[0]);
        }
        for (int b = 0; b < batch; b++) {
            if (offsets[b + 1] < offsets[b]) {
                throw new IllegalArgumentException("offsets must not decrease: example " + b + " ends at " + offsets[b + 1]
                        + " before it starts at " + offsets[b]);
            }
        }
        int events = offsets[batch];
        if (inputIndices.length < events) {
            throw new IllegalArgumentException("inputIndices must hold the " + events + " events of offsets, got "
                    + inputIndices.length);
        }
        if (eventWeights != null && eventWeights.length < events) {
            throw new IllegalArgumentException("eventWeights must hold the " + events + " events of offsets, got "
                    + eventWeights.length);
        }
        if (currents.length != batch * units) {
            throw new IllegalArgumentException("currents must hold batch * units = " + batch * units + " floats, got "
                    + currents.length);
        }
    }

    /** Checks that every event's input index lies in {@code [0, inputs)}. */
    static void checkIndices(int inputs, int batch, int[] offsets, int[] inputIndices) {
        for (int b = 0; b < batch; b++) {
            for (int q = offsets[b]; q < offsets[b + 1]; q++) {
                if (inputIndices[q] < 0 || inputIndices[q] >= inputs) {
                    throw badIndex(b, q, inputIndices[q], inputs);
                }
            }
        }
    }

    /** The error for an input index outside the weights, naming the example and the event. */
    static IllegalArgumentException badIndex(int example, int event, int index, int inputs) {
        return new IllegalArgumentException("example " + example + ", event " + event + ": input index " + index
                + " is outside [0, " + inputs + ")");
    }
}
