package org.lamina.sim.model;

/**
 * Where a model puts what it emits in the current step. Arrays are copied, so models may pass
 * reused buffers. A population emits at most once per step; every outgoing projection carries
 * the same emission (each target applies its own weights).
 */
public interface Emitter {

    /** Spikes in compressed rows: example b fired {@code indices[offsets[b] .. offsets[b+1])}, ascending. */
    void spikes(int[] offsets, int[] indices);

    /** Dense activity, {@code batch × width} row-major. */
    void dense(float[] values, int width);

    /**
     * Dense activity on a model-defined {@code channel} (see
     * {@link org.lamina.sim.event.DenseEmission#channel()}); channel 0 is {@link #dense(float[], int)}.
     */
    default void dense(float[] values, int width, int channel) {
        if (channel != 0) {
            throw new UnsupportedOperationException("this emitter carries only channel 0, got " + channel);
        }
        dense(values, width);
    }

    /** A scalar metric for the trace (e.g. mean active units), attributed to this population. */
    void metric(String name, double value);

    /** A scalar metric about one example of the minibatch (e.g. its winner). */
    void metric(String name, int example, double value);

    /**
     * How {@code variable} of one example moved through a process inside this step (the settling
     * of a layer's inhibition dynamics), for the trace: {@code samples × units.length} values,
     * row-major, {@code dtMs} apart from time 0. Default: not recorded.
     */
    default void trajectory(String variable, int example, double dtMs, int[] units, int samples, float[] values) {
    }
}
