package org.lamina.neurons.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.rng.CounterRng;

class PatternInputTest {

    /** Runs a pattern input alone and collects what it emits. */
    private static final class Run implements Emitter {
        final long[] spikeCounts;
        final List<float[]> dense = new ArrayList<>();
        final List<Long> denseSteps = new ArrayList<>();
        final float[] intensity;
        private final int batch;
        private final int size;
        private long step;

        Run(PatternInput p, long seed, int batch, int size, double dtMs, int steps) {
            this.batch = batch;
            this.size = size;
            this.spikeCounts = new long[batch * size];
            PopulationModel m = p.create(new PopulationContext(0, "in", size, batch, dtMs,
                    CounterRng.stream(seed, CounterRng.POPULATION, 0), List.of()));
            for (step = 0; step < steps; step++) {
                m.step(step, List::of, this);
            }
            intensity = m.state().get(0).values().clone();
        }

        @Override
        public void spikes(int[] offsets, int[] indices) {
            for (int b = 0; b < batch; b++) {
                for (int q = offsets[b]; q < offsets[b + 1]; q++) {
                    spikeCounts[b * size + indices[q]]++;
                }
            }
        }

        @Override
        public void dense(float[] values, int width) {
            dense.add(values.clone());
            denseSteps.add(step);
        }

        @Override
        public void metric(String name, double value) {
        }


        @Override

        public void metric(String name, int example, double value) {

        }
    }

    @Test
    void poissonCountsMatchTheTargetRatesWithinThreeSigma() {
        int steps = 40_000; // one presentation
        double dt = 1.0;
        Run r = new Run(new PatternInput(PatternInput.Coding.POISSON, steps, 50.0), 11, 2, 30, dt, steps);
        for (int k = 0; k < r.spikeCounts.length; k++) {
            double prob = r.intensity[k] * 50.0 * dt / 1000;
            double mean = steps * prob;
            double sigma = Math.sqrt(steps * prob * (1 - prob));
            assertEquals(mean, r.spikeCounts[k], 3 * sigma + 1e-9, "unit " + k + " at " + r.intensity[k] * 50 + " Hz");
        }
    }

    @Test
    void poissonSpikesAreIdenticalForTheSameSeedAndDifferForAnother() {
        PatternInput p = new PatternInput(PatternInput.Coding.POISSON, 100, 200.0);
        long[] a = new Run(p, 3, 3, 40, 0.5, 1000).spikeCounts;
        assertArrayEquals(a, new Run(p, 3, 3, 40, 0.5, 1000).spikeCounts);
        assertFalse(Arrays.equals(a, new Run(p, 4, 3, 40, 0.5, 1000).spikeCounts));
    }

    @Test
    void regularSpikesFollowTheRateExactly() {
        int steps = 5000;
        double dt = 0.5;
        Run r = new Run(new PatternInput(PatternInput.Coding.REGULAR, steps, 100.0), 5, 2, 25, dt, steps);
        for (int k = 0; k < r.spikeCounts.length; k++) {
            double expected = r.intensity[k] * 100.0 * steps * dt / 1000;
            assertEquals(Math.floor(expected), r.spikeCounts[k], 1.0, "unit " + k);
        }
    }

    @Test
    void analogInputIsEmittedOncePerPresentationWithANewPattern() {
        Run r = new Run(PatternInput.analog(10), 8, 2, 5, 1.0, 35);
        assertEquals(List.of(0L, 10L, 20L, 30L), r.denseSteps);
        assertFalse(Arrays.equals(r.dense.get(0), r.dense.get(1)));
        for (float v : r.dense.get(2)) {
            assertTrue(v >= 0f && v < 1f);
        }
    }
}
