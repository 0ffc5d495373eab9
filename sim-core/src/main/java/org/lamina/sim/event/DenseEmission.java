package org.lamina.sim.event;

import java.util.Arrays;

/** Dense activity (rates, errors, currents) of one step: {@code batch × width}, row-major. */
public record DenseEmission(long step, int batch, int width, float[] values) implements Emission {

    public DenseEmission {
        if (batch < 1 || width < 1) {
            throw new IllegalArgumentException("batch and width must be >= 1, got " + batch + " x " + width);
        }
        if (values.length != batch * width) {
            throw new IllegalArgumentException("values must hold batch * width = " + batch * width
                    + " floats, got " + values.length);
        }
    }

    /** Copies the caller's buffer into a new emission. */
    public static DenseEmission copyOf(long step, int batch, int width, float[] values) {
        return new DenseEmission(step, batch, width, Arrays.copyOf(values, batch * width));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseEmission d && d.step == step && d.batch == batch && d.width == width
                && Arrays.equals(d.values, values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(step) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "DenseEmission[step=" + step + ", batch=" + batch + ", width=" + width + "]";
    }
}
