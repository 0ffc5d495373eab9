package org.lamina.sim.event;

import java.util.Arrays;

/**
 * Spikes of one step for {@code batch} examples in compressed rows: the neurons that fired in
 * example {@code b} are {@code indices[offsets[b] .. offsets[b + 1])}, strictly increasing.
 */
public record SpikeEmission(long step, int batch, int[] offsets, int[] indices) implements Emission {

    public SpikeEmission {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        if (offsets.length != batch + 1 || offsets[0] != 0 || offsets[batch] != indices.length) {
            throw new IllegalArgumentException("offsets must have batch + 1 = " + (batch + 1)
                    + " entries from 0 to indices.length = " + indices.length);
        }
        for (int b = 0; b < batch; b++) {
            if (offsets[b + 1] < offsets[b]) {
                throw new IllegalArgumentException("offsets must not decrease (example " + b + ")");
            }
            for (int i = offsets[b] + 1; i < offsets[b + 1]; i++) {
                if (indices[i] <= indices[i - 1]) {
                    throw new IllegalArgumentException("spike indices of example " + b
                            + " must be strictly increasing, got " + indices[i - 1] + " then " + indices[i]);
                }
            }
            if (offsets[b + 1] > offsets[b] && indices[offsets[b]] < 0) {
                throw new IllegalArgumentException("negative neuron index in example " + b);
            }
        }
    }

    /** Copies the caller's arrays (which may be reused buffers) into a new emission. */
    public static SpikeEmission copyOf(long step, int batch, int[] offsets, int[] indices) {
        int n = offsets[batch];
        return new SpikeEmission(step, batch, Arrays.copyOf(offsets, batch + 1), Arrays.copyOf(indices, n));
    }

    /** Total number of spike events over all examples. */
    public int events() {
        return indices.length;
    }

    public int count(int example) {
        return offsets[example + 1] - offsets[example];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeEmission s && s.step == step && s.batch == batch
                && Arrays.equals(s.offsets, offsets) && Arrays.equals(s.indices, indices);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(step) * 31 + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "SpikeEmission[step=" + step + ", batch=" + batch + ", events=" + indices.length + "]";
    }
}
