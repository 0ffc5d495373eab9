package org.lamina.neurons.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.rng.CounterRng;

/**
 * Images sent as spikes: Poisson presentations are the same for the same seed, differ for
 * another, and fire at the pixels' rates (within 3 sigma); regular ones fire round(x T) times,
 * evenly; nothing is sent outside a presentation's spike steps.
 */
class SpikeEncodingTest {
    static final int PIXELS = 50;
    static final int BATCH = 4;
    /** 8 images whose 50 pixels take the intensities 0, 0.02, ..., 0.98 in a different order each. */
    static final ArrayExamples TRAIN = images(8);

    static ArrayExamples images(int n) {
        float[] x = new float[n * PIXELS];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < PIXELS; j++) {
                x[i * PIXELS + j] = ((j * 7 + i * 3) % PIXELS) / (float) PIXELS;
            }
        }
        return new ArrayExamples(new DatasetShape("ramp", Split.TRAIN, PIXELS, 1, 2, List.of(), n), x, new int[n], null);
    }

    /** Spikes of each step: per example, the inputs that fired (null: nothing was sent). */
    static final class Capture implements Emitter {
        int[][] spikes;
        boolean dense;

        @Override
        public void spikes(int[] offsets, int[] indices) {
            spikes = new int[BATCH][];
            for (int b = 0; b < BATCH; b++) {
                spikes[b] = Arrays.copyOfRange(indices, offsets[b], offsets[b + 1]);
            }
        }

        @Override
        public void dense(float[] values, int width) {
            dense = true;
        }

        @Override
        public void metric(String name, double value) {
        }

        @Override
        public void metric(String name, int example, double value) {
        }
    }

    static List<int[][]> run(DatasetInput.Encoding encoding, int steps, int stepsPerPresentation, long seed,
                             int presentations) {
        DatasetInput in = DatasetInput.presenting(TRAIN, null, DatasetInput.Emit.IMAGES, stepsPerPresentation, false,
                false, seed, Map.of()).withEncoding(encoding, steps);
        PopulationModel m = in.create(new PopulationContext(0, "image", PIXELS, BATCH, 1.0,
                CounterRng.stream(1, CounterRng.POPULATION, 0), List.of()));
        Phase phase = Phase.fixed("learn", PhaseKind.UNSUPERVISED);
        m.phase(phase, true);
        List<int[][]> out = new ArrayList<>();
        for (int s = 0; s < presentations * stepsPerPresentation; s++) {
            Capture c = new Capture();
            m.step(500 + s, () -> List.of(), c);
            assertEquals(false, c.dense, "spike-coded images send no dense values");
            out.add(c.spikes);
        }
        return out;
    }

    /** Pixel j of example b in presentation p (no shuffle: presentation p shows examples 4p .. 4p + 3, mod 8). */
    static float pixel(int presentation, int b, int j) {
        int example = (presentation * BATCH + b) % TRAIN.shape().size();
        return TRAIN.images()[example * PIXELS + j];
    }

    @Test
    void poissonSpikesAreSeedIdenticalAndFireAtThePixelsRates() {
        int t = 10;
        int presentations = 400;
        List<int[][]> a = run(DatasetInput.Encoding.POISSON, t, t, 3, presentations);
        List<int[][]> b = run(DatasetInput.Encoding.POISSON, t, t, 3, presentations);
        List<int[][]> other = run(DatasetInput.Encoding.POISSON, t, t, 4, presentations);
        for (int s = 0; s < a.size(); s++) {
            assertTrue(Arrays.deepEquals(a.get(s), b.get(s)), "step " + s + ": the same seed, the same spikes");
        }
        boolean differs = false;
        for (int s = 0; s < a.size() && !differs; s++) {
            differs = !Arrays.deepEquals(a.get(s), other.get(s));
        }
        assertTrue(differs, "another seed, other spikes");
        // Every pixel intensity x fires Binomial(n, x) times over n = presentations * T draws of its
        // (example, pixel) slots; the counts lie within 3 sigma of n x.
        double[] count = new double[PIXELS];
        double[] trials = new double[PIXELS];
        double[] expected = new double[PIXELS];
        double[] variance = new double[PIXELS];
        for (int s = 0; s < a.size(); s++) {
            int p = s / t;
            for (int e = 0; e < BATCH; e++) {
                float[] x = new float[PIXELS];
                for (int j = 0; j < PIXELS; j++) {
                    x[j] = pixel(p, e, j);
                }
                int[] fired = a.get(s) == null ? new int[0] : a.get(s)[e];
                for (int i = 1; i < fired.length; i++) {
                    assertTrue(fired[i] > fired[i - 1], "indices increase");
                }
                for (int j : fired) {
                    assertTrue(x[j] > 0, "a pixel of intensity 0 never fires");
                }
                // Bucket the draws by intensity level: level = x * PIXELS.
                for (int j = 0; j < PIXELS; j++) {
                    int level = Math.round(x[j] * PIXELS);
                    trials[level]++;
                    expected[level] += x[j];
                    variance[level] += x[j] * (1 - x[j]);
                }
                for (int j : fired) {
                    count[Math.round(x[j] * PIXELS)]++;
                }
            }
        }
        for (int level = 0; level < PIXELS; level++) {
            double sigma = Math.sqrt(variance[level]);
            assertTrue(Math.abs(count[level] - expected[level]) <= 3 * sigma + 1e-9, "intensity " + level / (double) PIXELS
                    + ": " + count[level] + " spikes in " + trials[level] + " draws, expected " + expected[level]
                    + " +- " + 3 * sigma);
        }
    }

    @Test
    void regularSpikesFireRoundXTTimesEvenlyOnTheFirstTStepsOnly() {
        int t = 8;
        int spp = 11;
        List<int[][]> steps = run(DatasetInput.Encoding.REGULAR, t, spp, 3, 3);
        for (int p = 0; p < 3; p++) {
            for (int s = t; s < spp; s++) {
                assertEquals(null, steps.get(p * spp + s), "nothing after the spike steps: presentation " + p + ", step " + s);
            }
            for (int e = 0; e < BATCH; e++) {
                int[] counts = new int[PIXELS];
                List<List<Integer>> times = new ArrayList<>();
                for (int j = 0; j < PIXELS; j++) {
                    times.add(new ArrayList<>());
                }
                for (int s = 0; s < t; s++) {
                    int[][] fired = steps.get(p * spp + s);
                    for (int j : fired == null ? new int[0] : fired[e]) {
                        counts[j]++;
                        times.get(j).add(s);
                    }
                }
                for (int j = 0; j < PIXELS; j++) {
                    float x = pixel(p, e, j);
                    assertEquals(Math.floor(x * t + 0.5), counts[j], "pixel " + j + " = " + x);
                    List<Integer> at = times.get(j);
                    for (int i = 1; i < at.size(); i++) { // evenly: gaps differ by at most one step
                        int gap = at.get(i) - at.get(i - 1);
                        assertTrue(gap >= Math.floor(1 / x) && gap <= Math.ceil(1 / x), "pixel " + x + " gaps " + at);
                    }
                }
            }
        }
        assertArrayEquals(steps.get(0)[0], run(DatasetInput.Encoding.REGULAR, t, spp, 99, 1).get(0)[0],
                "regular spikes need no seed");
    }

    @Test
    void onlyImagesTravelAsSpikesAndTheirStepsFitThePresentation() {
        DatasetInput in = DatasetInput.presenting(TRAIN, null, DatasetInput.Emit.LABELS, 5, false, false, 1, Map.of());
        assertThrows(IllegalArgumentException.class, () -> in.withEncoding(DatasetInput.Encoding.POISSON, 5));
        DatasetInput images = DatasetInput.presenting(TRAIN, null, DatasetInput.Emit.IMAGES, 5, false, false, 1, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> images.withEncoding(DatasetInput.Encoding.POISSON, 6));
        assertTrue(e.getMessage().contains("1..5"), e.getMessage());
        assertNotEquals(images, images.withEncoding(DatasetInput.Encoding.REGULAR, 5));
    }
}
