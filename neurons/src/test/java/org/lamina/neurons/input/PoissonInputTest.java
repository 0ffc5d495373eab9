package org.lamina.neurons.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.rng.CounterRng;

class PoissonInputTest {

    /** Counts spikes per (example, unit) over {@code steps} steps. */
    static long[] count(PoissonInput p, long seed, int batch, int size, double dtMs, int steps) {
        PopulationModel m = p.create(new PopulationContext(0, "in", size, batch, dtMs,
                CounterRng.stream(seed, CounterRng.POPULATION, 0), List.of()));
        long[] counts = new long[batch * size];
        Emitter e = new Emitter() {
            @Override
            public void spikes(int[] offsets, int[] indices) {
                for (int b = 0; b < batch; b++) {
                    for (int q = offsets[b]; q < offsets[b + 1]; q++) {
                        counts[b * size + indices[q]]++;
                    }
                }
            }

            @Override
            public void dense(float[] values, int width) {
                throw new AssertionError("no dense output expected");
            }

            @Override
            public void metric(String name, double value) {
            }
        };
        for (int s = 0; s < steps; s++) {
            m.step(s, java.util.List::of, e);
        }
        return counts;
    }

    @Test
    void spikeCountsMatchTheTargetRatesWithinThreeSigma() {
        PoissonInput p = new PoissonInput(5.0, 60.0, 3.0);
        int batch = 2;
        int size = 20;
        double dt = 1.0;
        int steps = 20_000;
        long[] counts = count(p, 11, batch, size, dt, steps);
        float[] rates = new float[batch * size];
        PoissonInput.spikeProbabilities(p, batch, size, dt, rates);
        for (int k = 0; k < counts.length; k++) {
            double prob = rates[k] * dt / 1000;
            double mean = steps * prob;
            double sigma = Math.sqrt(steps * prob * (1 - prob));
            assertEquals(mean, counts[k], 3 * sigma, "unit " + k + " at " + rates[k] + " Hz");
        }
    }

    @Test
    void theSameSeedGivesTheSameSpikesAndAnotherSeedOthers() {
        PoissonInput p = new PoissonInput(20.0, 100.0, 4.0);
        long[] a = count(p, 3, 3, 50, 0.5, 2000);
        assertArrayEquals(a, count(p, 3, 3, 50, 0.5, 2000));
        long[] c = count(p, 4, 3, 50, 0.5, 2000);
        assertTrue(!java.util.Arrays.equals(a, c));
    }
}
