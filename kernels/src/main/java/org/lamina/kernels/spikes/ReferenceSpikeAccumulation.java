package org.lamina.kernels.spikes;

import org.lamina.kernels.backend.Backend;

/**
 * The specification: event by event in the order given, each one's column read from the
 * row-major weights, every example's sums in double.
 */
public final class ReferenceSpikeAccumulation implements SpikeAccumulation {
    private float[] weights;
    private int units;
    private int inputs;

    @Override
    public void loadWeights(float[] weights, int units, int inputs) {
        SpikeAccumulation.checkWeights(weights, units, inputs);
        this.weights = weights.clone();
        this.units = units;
        this.inputs = inputs;
    }

    @Override
    public void add(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, float[] currents) {
        accumulate(batch, offsets, inputIndices, eventWeights, gain, currents, true);
    }

    @Override
    public void write(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, float[] currents) {
        accumulate(batch, offsets, inputIndices, eventWeights, gain, currents, false);
    }

    private void accumulate(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain,
                            float[] currents, boolean keep) {
        SpikeAccumulation.checkShapes(units, inputs, batch, offsets, inputIndices, eventWeights, currents);
        SpikeAccumulation.checkIndices(inputs, batch, offsets, inputIndices);
        double[] sum = new double[units];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(sum, 0);
            for (int q = offsets[b]; q < offsets[b + 1]; q++) {
                double weight = (double) gain * (eventWeights == null ? 1f : eventWeights[q]);
                int i = inputIndices[q];
                for (int u = 0; u < units; u++) {
                    sum[u] += weight * weights[u * inputs + i];
                }
            }
            for (int u = 0; u < units; u++) {
                int o = b * units + u;
                currents[o] = (float) ((keep ? currents[o] : 0) + sum[u]);
            }
        }
    }

    @Override
    public int units() {
        return units;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public Backend backend() {
        return Backend.REFERENCE;
    }
}
