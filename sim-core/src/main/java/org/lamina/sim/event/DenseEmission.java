package org.lamina.sim.event;

import java.util.Arrays;

/**
 * Dense activity (rates, errors, currents) of one step: {@code batch × width}, row-major.
 * {@code channel} is a small model-defined tag (0 unless a model says otherwise) so that one
 * population can send different kinds of dense messages over the same projections (every
 * outgoing projection carries every emission) and receivers can tell them apart: for example
 * bottom-up activity (0) and top-down errors (1) of a supervised layer.
 */
public record DenseEmission(long step, int batch, int width, float[] values, int channel) implements Emission {

    /** The default channel. */
    public static final int DEFAULT_CHANNEL = 0;

    public DenseEmission {
        if (batch < 1 || width < 1) {
            throw new IllegalArgumentException("batch and width must be >= 1, got " + batch + " x " + width);
        }
        if (values.length != batch * width) {
            throw new IllegalArgumentException("values must hold batch * width = " + batch * width
                    + " floats, got " + values.length);
        }
        if (channel < 0) {
            throw new IllegalArgumentException("channel must be >= 0, got " + channel);
        }
    }

    /** Dense activity on the default channel. */
    public DenseEmission(long step, int batch, int width, float[] values) {
        this(step, batch, width, values, DEFAULT_CHANNEL);
    }

    /** Copies the caller's buffer (its first {@code batch × width} floats) into a new emission. */
    public static DenseEmission copyOf(long step, int batch, int width, float[] values) {
        return copyOf(step, batch, width, values, DEFAULT_CHANNEL);
    }

    /** As {@link #copyOf(long, int, int, float[])}, on {@code channel}. */
    public static DenseEmission copyOf(long step, int batch, int width, float[] values, int channel) {
        return new DenseEmission(step, batch, width, Arrays.copyOf(values, batch * width), channel);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseEmission d && d.step == step && d.batch == batch && d.width == width
                && d.channel == channel && Arrays.equals(d.values, values);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(step) * 31 + Arrays.hashCode(values)) * 31 + channel;
    }

    @Override
    public String toString() {
        return "DenseEmission[step=" + step + ", batch=" + batch + ", width=" + width
                + (channel == DEFAULT_CHANNEL ? "" : ", channel=" + channel) + "]";
    }
}
