package org.lamina.kernels.spikes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.ReferenceMatrixProduct;

/**
 * Every backend against the double-precision reference and against the dense product
 * {@code W · counts} (the events' weighted spike counts per input), on random shapes and event
 * lists from fixed seeds: empty examples, inputs that spike many times, sizes that are not
 * multiples of the vector width or the Java backend's block. Bound: float accumulation in any
 * order (and the events of an input summed before its column) stays within
 * {@code 1e-5 · (|c0| + Σ_events |gain · weight · W|)} of the double result, c0 the current it
 * started from.
 */
abstract class SpikeAccumulationContractTest {
    static final double RELATIVE_BOUND = 1e-5;

    abstract SpikeAccumulation create();

    /** A minibatch's events in compressed rows. */
    record Events(int batch, int[] offsets, int[] indices, float[] weights) {
        int count() {
            return offsets[batch];
        }
    }

    record Shape(int batch, int units, int inputs) {
    }

    static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>(List.of(new Shape(1, 1, 1), new Shape(1, 2000, 784), new Shape(3, 128, 5),
                new Shape(2, 129, 17), new Shape(7, 64, 800), new Shape(4, 15, 3)));
        Random r = new Random(21);
        for (int i = 0; i < 14; i++) {
            s.add(new Shape(1 + r.nextInt(7), 1 + r.nextInt(300), 1 + r.nextInt(800)));
        }
        return s;
    }

    static float[] normal(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /**
     * Random spike events: each example draws its active inputs (about a fifth, as for MNIST) and
     * spikes them over up to 12 steps, so inputs repeat; one example in four has no event at all.
     */
    static Events events(Random r, int batch, int inputs, boolean weighted) {
        List<Integer> indices = new ArrayList<>();
        int[] offsets = new int[batch + 1];
        for (int b = 0; b < batch; b++) {
            if (r.nextInt(4) > 0) {
                int steps = 1 + r.nextInt(12);
                double p = r.nextDouble();
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < inputs; i++) {
                        if ((i * 7919 + b) % 5 == 0 && r.nextDouble() < p) {
                            indices.add(i);
                        }
                    }
                }
                if (r.nextBoolean()) {
                    java.util.Collections.shuffle(indices.subList(offsets[b], indices.size()), r);
                }
            }
            offsets[b + 1] = indices.size();
        }
        float[] weights = null;
        if (weighted) {
            weights = new float[indices.size()];
            for (int q = 0; q < weights.length; q++) {
                weights[q] = (float) (r.nextDouble() * 2 - 0.5);
            }
        }
        return new Events(batch, offsets, indices.stream().mapToInt(Integer::intValue).toArray(), weights);
    }

    /** A long presentation: every fifth input spikes at each of {@code steps} steps with probability 0.7, ascending. */
    static Events presentation(Random r, int batch, int inputs, int steps) {
        List<Integer> indices = new ArrayList<>();
        int[] offsets = new int[batch + 1];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int i = b % 5; i < inputs; i += 5) {
                    if (r.nextDouble() < 0.7) {
                        indices.add(i);
                    }
                }
            }
            offsets[b + 1] = indices.size();
        }
        return new Events(batch, offsets, indices.stream().mapToInt(Integer::intValue).toArray(), null);
    }

    /** {@code Σ_events |gain · weight · W[u][i]|} per current: the scale of the float error. */
    static double[] scale(float[] w, int units, int inputs, Events e, float gain) {
        double[] s = new double[e.batch() * units];
        for (int b = 0; b < e.batch(); b++) {
            for (int q = e.offsets()[b]; q < e.offsets()[b + 1]; q++) {
                double weight = Math.abs((double) gain * (e.weights() == null ? 1 : e.weights()[q]));
                for (int u = 0; u < units; u++) {
                    s[b * units + u] += weight * Math.abs(w[u * inputs + e.indices()[q]]);
                }
            }
        }
        return s;
    }

    /** The oracle: the events as counts per input, through the dense product. */
    static float[] denseProduct(float[] w, int units, int inputs, Events e, float gain) {
        float[] counts = new float[e.batch() * inputs];
        double[] sums = new double[counts.length];
        for (int b = 0; b < e.batch(); b++) {
            for (int q = e.offsets()[b]; q < e.offsets()[b + 1]; q++) {
                sums[b * inputs + e.indices()[q]] += (double) gain * (e.weights() == null ? 1 : e.weights()[q]);
            }
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (float) sums[i];
        }
        float[] out = new float[e.batch() * units];
        new ReferenceMatrixProduct().multiply(w, units, inputs, counts, e.batch(), out);
        return out;
    }

    static void assertClose(float[] expected, float[] actual, float[] start, double[] scale, String what) {
        for (int o = 0; o < expected.length; o++) {
            double bound = RELATIVE_BOUND * (Math.abs(start == null ? 0 : start[o]) + scale[o]) + 1e-30;
            assertEquals(expected[o], actual[o], bound, what + " at current " + o);
        }
    }

    @Test
    void matchesTheReferenceAndTheDenseProduct() {
        Random r = new Random(7);
        try (SpikeAccumulation acc = create()) {
            for (Shape s : shapes()) {
                float[] w = normal(r, s.units() * s.inputs());
                for (boolean weighted : new boolean[] {false, true}) {
                    Events e = events(r, s.batch(), s.inputs(), weighted);
                    float gain = weighted ? 1f : 1f / (1 + r.nextInt(20));
                    double[] scale = scale(w, s.units(), s.inputs(), e, gain);
                    String what = s + (weighted ? ", weighted" : ", gain " + gain) + ", " + e.count() + " events";
                    ReferenceSpikeAccumulation reference = new ReferenceSpikeAccumulation();
                    reference.loadWeights(w, s.units(), s.inputs());
                    acc.loadWeights(w, s.units(), s.inputs());

                    float[] expected = new float[s.batch() * s.units()];
                    reference.write(e.batch(), e.offsets(), e.indices(), e.weights(), gain, expected);
                    assertClose(denseProduct(w, s.units(), s.inputs(), e, gain), expected, null, scale,
                            "reference vs dense, " + what);
                    float[] written = new float[expected.length];
                    Arrays.fill(written, Float.NaN); // every current must be written
                    acc.write(e.batch(), e.offsets(), e.indices(), e.weights(), gain, written);
                    assertClose(expected, written, null, scale, "write, " + what);

                    float[] start = normal(r, expected.length);
                    float[] added = start.clone();
                    float[] expectedAdded = start.clone();
                    reference.add(e.batch(), e.offsets(), e.indices(), e.weights(), gain, expectedAdded);
                    acc.add(e.batch(), e.offsets(), e.indices(), e.weights(), gain, added);
                    assertClose(expectedAdded, added, start, scale, "add, " + what);
                }
            }
        }
    }

    /** A presentation one step at a time, added up, gives the currents of all its events at once. */
    @Test
    void addingStepByStepGivesThePresentationsCurrents() {
        Random r = new Random(11);
        int batch = 5;
        int units = 203;
        int inputs = 300;
        int steps = 8;
        float[] w = normal(r, units * inputs);
        try (SpikeAccumulation acc = create()) {
            acc.loadWeights(w, units, inputs);
            float[] stepwise = new float[batch * units];
            List<List<Integer>> all = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                all.add(new ArrayList<>());
            }
            for (int t = 0; t < steps; t++) {
                Events e = events(r, batch, inputs, false);
                acc.add(batch, e.offsets(), e.indices(), null, 1f / steps, stepwise);
                for (int b = 0; b < batch; b++) {
                    for (int q = e.offsets()[b]; q < e.offsets()[b + 1]; q++) {
                        all.get(b).add(e.indices()[q]);
                    }
                }
            }
            int[] offsets = new int[batch + 1];
            for (int b = 0; b < batch; b++) {
                offsets[b + 1] = offsets[b] + all.get(b).size();
            }
            int[] indices = all.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray();
            Events presentation = new Events(batch, offsets, indices, null);
            float[] expected = denseProduct(w, units, inputs, presentation, 1f / steps);
            assertClose(expected, stepwise, null, scale(w, units, inputs, presentation, 1f / steps), "stepwise");
        }
    }

    /** Tens of thousands of events, as over a presentation of 30 steps (the Java and OpenCL hosts fold them in parallel). */
    @Test
    void matchesTheDenseProductOverALongPresentation() {
        Random r = new Random(13);
        int batch = 9;
        int units = 250;
        int inputs = 784;
        float[] w = normal(r, units * inputs);
        Events e = presentation(r, batch, inputs, 30);
        assertTrue(e.count() > 20_000, e.count() + " events");
        try (SpikeAccumulation acc = create()) {
            acc.loadWeights(w, units, inputs);
            float[] currents = new float[batch * units];
            acc.write(batch, e.offsets(), e.indices(), null, 1f / 30, currents);
            assertClose(denseProduct(w, units, inputs, e, 1f / 30), currents, null, scale(w, units, inputs, e, 1f / 30),
                    "presentation");
        }
    }

    /** The weights are a snapshot: changing the array does nothing until they are loaded again. */
    @Test
    void usesTheWeightsAsLoadedUntilTheyAreLoadedAgain() {
        float[] w = {1, 2, 3, 4, 5, 6}; // 2 units × 3 inputs
        int[] offsets = {0, 3, 4};
        int[] indices = {2, 0, 2, 1};
        float[] currents = new float[4];
        try (SpikeAccumulation acc = create()) {
            acc.loadWeights(w, 2, 3);
            assertEquals(2, acc.units());
            assertEquals(3, acc.inputs());
            w[0] = 100;
            acc.write(2, offsets, indices, null, 1f, currents);
            assertArrayEquals(new float[] {7, 16, 2, 5}, currents);
            acc.add(2, offsets, indices, new float[] {1, 1, 1, 0.5f}, 0.5f, currents);
            assertArrayEquals(new float[] {10.5f, 24, 2.5f, 6.25f}, currents);
            acc.loadWeights(w, 2, 3);
            acc.write(2, offsets, indices, null, 1f, currents);
            assertArrayEquals(new float[] {106, 16, 2, 5}, currents);
            acc.loadWeights(new float[] {1, 2, 3}, 3, 1); // another shape
            acc.write(1, new int[] {0, 2}, new int[] {0, 0}, null, 1f, new float[3]);
        }
    }

    @Test
    void rejectsBadIndicesBeforeWritingAnyCurrent() {
        try (SpikeAccumulation acc = create()) {
            acc.loadWeights(new float[12], 3, 4);
            float[] currents = {1, 2, 3, 4, 5, 6};
            for (int bad : new int[] {4, -1, Integer.MAX_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> acc.add(2, new int[] {0, 2, 4}, new int[] {0, 3, 1, bad}, null, 1f, currents));
                assertTrue(e.getMessage().contains("example 1") && e.getMessage().contains("input index " + bad)
                        && e.getMessage().contains("[0, 4)"), e.getMessage());
            }
            IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                    () -> acc.write(3, new int[] {0, 1, 2, 3}, new int[] {0, 9, 7}, null, 1f, new float[9]));
            assertTrue(first.getMessage().startsWith("example 1, event 1: input index 9"), first.getMessage());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, currents);
        }
    }

    @Test
    void rejectsBadShapes() {
        try (SpikeAccumulation acc = create()) {
            int[] idx = {0, 1};
            assertThrows(IllegalStateException.class, () -> acc.add(1, new int[] {0, 2}, idx, null, 1f, new float[3]));
            assertThrows(IllegalArgumentException.class, () -> acc.loadWeights(new float[11], 3, 4));
            assertThrows(IllegalArgumentException.class, () -> acc.loadWeights(new float[0], 0, 4));
            acc.loadWeights(new float[12], 3, 4);
            float[] c = new float[3];
            assertThrows(IllegalArgumentException.class, () -> acc.add(0, new int[] {0}, idx, null, 1f, c));
            assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {0}, idx, null, 1f, c));
            assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {1, 2}, idx, null, 1f, c));
            assertThrows(IllegalArgumentException.class, () -> acc.add(2, new int[] {0, 2, 1}, idx, null, 1f,
                    new float[6]));
            assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {0, 3}, idx, null, 1f, c));
            assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {0, 2}, idx, new float[1], 1f, c));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> acc.add(1, new int[] {0, 2}, idx, null, 1f, new float[4]));
            assertTrue(e.getMessage().contains("batch * units = 3"), e.getMessage());
        }
    }
}

class ReferenceSpikeAccumulationTest extends SpikeAccumulationContractTest {
    @Override
    SpikeAccumulation create() {
        return new ReferenceSpikeAccumulation();
    }
}

class JavaSpikeAccumulationTest extends SpikeAccumulationContractTest {
    @Override
    SpikeAccumulation create() {
        return new JavaSpikeAccumulation();
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Random r = new Random(3);
        for (int units : new int[] {2000, 301, 7}) {
            int inputs = 784;
            int batch = 9;
            float[] w = normal(r, units * inputs);
            Events e = units == 301 ? presentation(r, batch, inputs, 30) : events(r, batch, inputs, true);
            float[] start = normal(r, batch * units);
            float[] one = start.clone();
            float[] three = start.clone();
            JavaSpikeAccumulation serial = new JavaSpikeAccumulation(new ParallelLoop(1));
            JavaSpikeAccumulation parallel = new JavaSpikeAccumulation(new ParallelLoop(3));
            serial.loadWeights(w, units, inputs);
            parallel.loadWeights(w, units, inputs);
            serial.add(batch, e.offsets(), e.indices(), e.weights(), 0.3f, one);
            parallel.add(batch, e.offsets(), e.indices(), e.weights(), 0.3f, three);
            assertArrayEquals(one, three, units + " units");
        }
    }
}

@Tag("opencl")
class OpenClSpikeAccumulationTest extends SpikeAccumulationContractTest {
    @Override
    SpikeAccumulation create() {
        return new OpenClSpikeAccumulation(OpenClTestSupport.device());
    }

    @Test
    void runsAsOpenCl() {
        try (OpenClSpikeAccumulation acc = new OpenClSpikeAccumulation(OpenClTestSupport.device())) {
            acc.loadWeights(new float[] {1, 2, 3, 4}, 2, 2);
            float[] currents = new float[2];
            acc.write(1, new int[] {0, 3}, new int[] {1, 0, 1}, null, 1f, currents);
            assertTrue(acc.isRunningCL(), "the kernel must run as OpenCL, not as a Java-thread fallback");
            assertArrayEquals(new float[] {5, 11}, currents);
        }
    }
}
