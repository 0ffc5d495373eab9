package org.lamina.kernels.spikes;

import java.util.Arrays;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * A minibatch's events folded per example into its distinct inputs, each with
 * {@code gain · Σ eventWeight} over its events, in the order of first appearance: the currents
 * need one column per distinct input however often it spiked (over a presentation of T steps an
 * MNIST pixel that is on spikes about T times). Example {@code b}'s entries are
 * {@code [starts[b], starts[b] + counts[b])} of {@link #inputs} and {@link #coefficients}
 * ({@code starts} are the caller's offsets, so an example never needs more room than its
 * events). Input indices are checked while folding, before any current is written. The arrays
 * are reused and grow as needed; owned by one kernel instance.
 */
final class FoldedEvents {
    /** Per thread, the slot of each input in the example being folded, or -1. */
    private static final ThreadLocal<int[]> SLOTS = ThreadLocal.withInitial(() -> new int[0]);

    /** Below this many events folding takes less time (about 1 ns an event) than handing it to the threads. */
    private static final int SERIAL_EVENTS = 8192;

    int[] starts = new int[1];
    int[] counts = new int[1];
    int[] inputs = new int[1];
    float[] coefficients = new float[1];
    /** Per example, the first event whose input index is out of range, or -1. */
    private int[] firstBad = new int[1];

    /**
     * Folds the events (shapes already checked); throws the error of
     * {@link SpikeAccumulation#badIndex} for the first bad index of the lowest example.
     */
    void fold(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, int inputCount,
              ParallelLoop loop) {
        int events = offsets[batch];
        if (starts.length < batch) {
            starts = new int[batch];
            counts = new int[batch];
            firstBad = new int[batch];
        }
        if (inputs.length < events) {
            int capacity = Math.max(events, inputs.length * 2);
            inputs = new int[capacity];
            coefficients = new float[capacity];
        }
        System.arraycopy(offsets, 0, starts, 0, batch);
        if (events < SERIAL_EVENTS) {
            for (int b = 0; b < batch; b++) {
                foldOne(b, offsets, inputIndices, eventWeights, gain, inputCount);
            }
        } else {
            loop.forEach(batch, b -> foldOne(b, offsets, inputIndices, eventWeights, gain, inputCount));
        }
        for (int b = 0; b < batch; b++) {
            if (firstBad[b] >= 0) {
                int q = firstBad[b];
                throw SpikeAccumulation.badIndex(b, q, inputIndices[q], inputCount);
            }
        }
    }

    private void foldOne(int b, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, int inputCount) {
        int[] slot = SLOTS.get();
        if (slot.length < inputCount) {
            slot = new int[inputCount];
            Arrays.fill(slot, -1);
            SLOTS.set(slot);
        }
        int from = offsets[b];
        int to = offsets[b + 1];
        int n = 0;
        firstBad[b] = -1;
        for (int q = from; q < to; q++) {
            int i = inputIndices[q];
            if (i < 0 || i >= inputCount) {
                firstBad[b] = q;
                break;
            }
            float weight = eventWeights == null ? 1f : eventWeights[q];
            int s = slot[i];
            if (s < 0) {
                slot[i] = n;
                inputs[from + n] = i;
                coefficients[from + n] = weight;
                n++;
            } else {
                coefficients[from + s] += weight;
            }
        }
        for (int m = from; m < from + n; m++) {
            slot[inputs[m]] = -1;
            coefficients[m] *= gain;
        }
        counts[b] = n;
    }
}
