package org.lamina.kernels.spikes;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Vector API accumulation. A column of row-major W is a strided gather, so the weights are
 * loaded once into input-major panels: the units in blocks of {@link #BLOCK} (8 vectors),
 * {@code panels[(block · inputs + i) · BLOCK + j] = W[(block · BLOCK + j) · inputs + i]}, the
 * last block zero-padded. A block's panel (784 inputs × 128 units × 4 B = 400 KB on AVX-512)
 * stays in L2 while a task sweeps its examples, and one column's slice is 8 contiguous vectors.
 * The events are folded first ({@link FoldedEvents}): one column per distinct input. A task
 * takes one block of units for a group of examples and keeps the 8 vectors of an example's
 * currents in registers over all its inputs, so each weight vector loaded feeds one FMA and the
 * currents are read and written once. Every current is computed by one task, its inputs in the
 * same order whatever the thread count, so results do not depend on it. Not thread-safe: the
 * panels and the folded events are buffers reused between calls, so an instance has one owner.
 */
public final class JavaSpikeAccumulation implements SpikeAccumulation {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Units per block: 8 accumulators, within the 16 vector registers of AVX2 with room for the weights. */
    static final int BLOCK = 8 * L;

    private final ParallelLoop loop;
    private final FoldedEvents folded = new FoldedEvents();
    private float[] panels = new float[0];
    private int units;
    private int inputs;
    private int blocks;

    public JavaSpikeAccumulation() {
        this(ParallelLoop.shared());
    }

    public JavaSpikeAccumulation(ParallelLoop loop) {
        this.loop = loop;
    }

    @Override
    public void loadWeights(float[] weights, int units, int inputs) {
        SpikeAccumulation.checkWeights(weights, units, inputs);
        int blockCount = (units + BLOCK - 1) / BLOCK;
        if (panels.length != blockCount * inputs * BLOCK) {
            panels = new float[blockCount * inputs * BLOCK];
        }
        this.units = units;
        this.inputs = inputs;
        this.blocks = blockCount;
        float[] p = panels;
        loop.forEach(blockCount, k -> pack(weights, units, inputs, p, k));
    }

    /** Block k of the panels; 16 inputs at a time, so each weight row is read a cache line at a time. */
    private static void pack(float[] w, int units, int inputs, float[] panels, int k) {
        int base = k * inputs * BLOCK;
        for (int i0 = 0; i0 < inputs; i0 += 16) {
            int i1 = Math.min(inputs, i0 + 16);
            for (int j = 0; j < BLOCK; j++) {
                int u = k * BLOCK + j;
                if (u < units) {
                    int row = u * inputs;
                    for (int i = i0; i < i1; i++) {
                        panels[base + i * BLOCK + j] = w[row + i];
                    }
                } else {
                    for (int i = i0; i < i1; i++) {
                        panels[base + i * BLOCK + j] = 0f;
                    }
                }
            }
        }
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
        folded.fold(batch, offsets, inputIndices, eventWeights, gain, inputs, loop);
        // Enough tasks for every thread when there are few blocks; a group of examples shares its block's panel.
        int groups = Math.min(batch, Math.max(1, (4 * loop.threads() + blocks - 1) / blocks));
        loop.forEach(blocks * groups, t -> {
            int k = t % blocks;
            int g = t / blocks;
            for (int b = (int) ((long) batch * g / groups), end = (int) ((long) batch * (g + 1) / groups); b < end; b++) {
                if (k * BLOCK + BLOCK <= units) {
                    fullBlock(k, b, currents, keep);
                } else {
                    lastBlock(k, b, currents, keep);
                }
            }
        });
    }

    private void fullBlock(int k, int b, float[] currents, boolean keep) {
        float[] p = panels;
        int[] in = folded.inputs;
        float[] coef = folded.coefficients;
        int from = folded.starts[b];
        int to = from + folded.counts[b];
        int o = b * units + k * BLOCK;
        int base = k * inputs * BLOCK;
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (keep) {
            a0 = FloatVector.fromArray(S, currents, o);
            a1 = FloatVector.fromArray(S, currents, o + L);
            a2 = FloatVector.fromArray(S, currents, o + 2 * L);
            a3 = FloatVector.fromArray(S, currents, o + 3 * L);
            a4 = FloatVector.fromArray(S, currents, o + 4 * L);
            a5 = FloatVector.fromArray(S, currents, o + 5 * L);
            a6 = FloatVector.fromArray(S, currents, o + 6 * L);
            a7 = FloatVector.fromArray(S, currents, o + 7 * L);
        } else {
            a0 = FloatVector.zero(S);
            a1 = a0;
            a2 = a0;
            a3 = a0;
            a4 = a0;
            a5 = a0;
            a6 = a0;
            a7 = a0;
        }
        for (int m = from; m < to; m++) {
            FloatVector c = FloatVector.broadcast(S, coef[m]);
            int col = base + in[m] * BLOCK;
            a0 = FloatVector.fromArray(S, p, col).fma(c, a0);
            a1 = FloatVector.fromArray(S, p, col + L).fma(c, a1);
            a2 = FloatVector.fromArray(S, p, col + 2 * L).fma(c, a2);
            a3 = FloatVector.fromArray(S, p, col + 3 * L).fma(c, a3);
            a4 = FloatVector.fromArray(S, p, col + 4 * L).fma(c, a4);
            a5 = FloatVector.fromArray(S, p, col + 5 * L).fma(c, a5);
            a6 = FloatVector.fromArray(S, p, col + 6 * L).fma(c, a6);
            a7 = FloatVector.fromArray(S, p, col + 7 * L).fma(c, a7);
        }
        a0.intoArray(currents, o);
        a1.intoArray(currents, o + L);
        a2.intoArray(currents, o + 2 * L);
        a3.intoArray(currents, o + 3 * L);
        a4.intoArray(currents, o + 4 * L);
        a5.intoArray(currents, o + 5 * L);
        a6.intoArray(currents, o + 6 * L);
        a7.intoArray(currents, o + 7 * L);
    }

    /** The last, partial block: one vector at a time, masked to the units that exist (the panel is zero-padded). */
    private void lastBlock(int k, int b, float[] currents, boolean keep) {
        int valid = units - k * BLOCK;
        int from = folded.starts[b];
        int to = from + folded.counts[b];
        int o = b * units + k * BLOCK;
        int base = k * inputs * BLOCK;
        for (int j = 0; j < valid; j += L) {
            VectorMask<Float> mask = S.indexInRange(j, valid);
            FloatVector a = keep ? FloatVector.fromArray(S, currents, o + j, mask) : FloatVector.zero(S);
            for (int m = from; m < to; m++) {
                a = FloatVector.fromArray(S, panels, base + folded.inputs[m] * BLOCK + j)
                        .fma(FloatVector.broadcast(S, folded.coefficients[m]), a);
            }
            a.intoArray(currents, o + j, mask);
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
        return Backend.JAVA;
    }
}
