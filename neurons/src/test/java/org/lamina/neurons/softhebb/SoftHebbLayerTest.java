package org.lamina.neurons.softhebb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.neurons.input.PatternInput;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.trace.MemoryTraceSink;

/**
 * The SoftHebb layer learns through the engine only during its learning phase, exactly as the
 * rule called directly on the same minibatches, and emits readout features outside it that
 * equal a direct computation from its current weights.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(60)
class SoftHebbLayerTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    /** A test population that keeps every dense emission that reaches it (emission step, width, values). */
    record Collector(Queue<DenseEmission> seen) implements ModelDescriptor {
        @Override
        public String name() {
            return "collector";
        }

        @Override
        public SortedMap<String, String> params() {
            return new TreeMap<>();
        }

        @Override
        public List<String> stateVariables() {
            return List.of();
        }

        @Override
        public PopulationModel create(PopulationContext context) {
            return (step, inputs, out) -> {
                for (StepInputs.Arrival a : inputs.arrivals()) {
                    if (a.emission() instanceof DenseEmission d) {
                        seen.add(d);
                    }
                }
            };
        }
    }

    @Test
    void learnsOnlyInItsPhaseAsTheRuleDoesAndEmitsFeaturesOutsideIt() {
        int inputs = 25;
        int units = 12;
        int batch = 8;
        SoftHebbLayer layer = new SoftHebbLayer(2.0, 0.05, 0.2, SoftHebbParams.Variant.ANTI, true, 2.0,
                10, SoftHebbLayer.Features.SOFTMAX, 5, 400);
        Queue<DenseEmission> seen = new ConcurrentLinkedQueue<>();
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("input", inputs, batch, PatternInput.analog(1)),
                new PopulationSpec("hidden", units, batch, layer),
                new PopulationSpec("readout", 3, batch, new Collector(seen))),
                List.of(new ProjectionSpec("input", "hidden", 1, WeightInit.normal(0, 0.3),
                                SoftHebbLayer.TYPE.plasticity(layer)),
                        new ProjectionSpec("input", "readout", 1, WeightInit.constant(0)),
                        new ProjectionSpec("hidden", "readout", 1, WeightInit.constant(0))), 1.0, 5);
        MemoryTraceSink sink = new MemoryTraceSink();
        RecordingSpec rec = new RecordingSpec(Set.of(), List.of(),
                List.of(new RecordingSpec.WeightProbe("input", "hidden", 1)));
        Kernels java = Kernels.java();
        Simulation sim = Simulation.start(testKit.system(), net, rec, sink, new RunInfo("softhebb", "", null),
                Services.of(java));
        sim.advance(20).toCompletableFuture().join();
        Phase learn = net.phase("unsupervised", PhaseKind.UNSUPERVISED);
        sim.markPhase(learn, true);
        sim.advance(100).toCompletableFuture().join();
        sim.markPhase(learn, false);
        sim.runToEnd(20);

        Map<Long, float[]> snapshots = new TreeMap<>();
        List<Double> maxDw = new ArrayList<>();
        List<Double> everWon = new ArrayList<>();
        List<Double> rowNorms = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            Frame f = r.getFrame();
            if (f.hasWeights()) {
                float[] w = new float[f.getWeights().getValuesCount()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = f.getWeights().getValues(i);
                }
                snapshots.put(f.getStep(), w);
            } else if (f.hasMetric()) {
                switch (f.getMetric().getName()) {
                    case "max_dw" -> maxDw.add(f.getMetric().getValue());
                    case "units_ever_won" -> everWon.add(f.getMetric().getValue());
                    case "mean_row_norm" -> rowNorms.add(f.getMetric().getValue());
                    default -> {
                    }
                }
            }
        }
        assertEquals(140, snapshots.size());
        for (long s = 1; s < 140; s++) {
            boolean changed = !Arrays.equals(snapshots.get(s - 1), snapshots.get(s));
            assertEquals(s >= 20 && s < 120, changed, "weights changed at step " + s);
        }
        assertEquals(100, maxDw.size(), "one update per minibatch of the phase");
        assertEquals(10, everWon.size());
        assertEquals(10, rowNorms.size());
        assertTrue(everWon.get(9) >= 1 && everWon.get(9) <= units);

        // What reached the readout, by emission step: the input's minibatches and the layer's features.
        Map<Long, float[]> input = new TreeMap<>();
        Map<Long, float[]> features = new TreeMap<>();
        for (DenseEmission d : seen) {
            (d.width() == inputs ? input : features).put(d.step(), d.values());
        }
        assertEquals(139, input.size(), "the input emits a minibatch every step");

        // The rule called directly on the minibatches the layer learnt from (emitted at steps 19..118).
        float[] w0 = snapshots.get(19L);
        float[] w = w0.clone();
        float[] bias0 = new float[units];
        SoftHebbRule.initialBias(layer.ruleParams(), bias0);
        float[] bias = bias0.clone();
        try (SoftHebbRule rule = java.softHebb(layer.ruleParams())) {
            for (long s = 19; s < 119; s++) {
                rule.update(w, bias, units, inputs, input.get(s), batch);
            }
        }
        assertArrayEquals(w, snapshots.get(139L), "the engine's weights after the phase");

        // Features: one minibatch per arriving input minibatch outside the phase, emitted the step after it.
        assertEquals(38, features.size(), "features for inputs emitted at steps 0..18 and 119..137");
        for (Map.Entry<Long, float[]> e : features.entrySet()) {
            long s = e.getKey();
            boolean before = s <= 19;
            assertTrue(before || s >= 120, "features emitted during the learning phase, at step " + s);
            float[] expected = features(layer, before ? w0 : w, before ? bias0 : bias, units, inputs,
                    input.get(s - 1), batch);
            assertClose(expected, e.getValue(), "features emitted at step " + s);
        }
    }

    /** The features in double, straight from the definition. */
    static float[] features(SoftHebbLayer layer, float[] w, float[] bias, int rows, int cols, float[] x, int batch) {
        float[] out = new float[batch * rows];
        for (int b = 0; b < batch; b++) {
            double[] u = new double[rows];
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                double s = bias == null ? 0 : bias[r];
                for (int c = 0; c < cols; c++) {
                    s += (double) w[r * cols + c] * x[b * cols + c];
                }
                u[r] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Math.exp(layer.featureTInvert() * (u[r] - max));
            }
            for (int r = 0; r < rows; r++) {
                out[b * rows + r] = (float) switch (layer.features()) {
                    case LINEAR -> u[r];
                    case RELU -> Math.max(u[r], 0);
                    case SOFTMAX -> Math.exp(layer.featureTInvert() * (u[r] - max)) / sum;
                };
            }
        }
        return out;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, scale), what + ", element " + i);
        }
    }

    /** Drives a model directly (no engine): one dense minibatch in, whatever it emits out. */
    static final class Capture implements Emitter {
        float[] dense;
        int width;
        final Map<String, List<Double>> metrics = new TreeMap<>();

        @Override
        public void spikes(int[] offsets, int[] indices) {
            throw new AssertionError("no spikes expected");
        }

        @Override
        public void dense(float[] values, int width) {
            this.dense = values.clone();
            this.width = width;
        }

        @Override
        public void metric(String name, double value) {
            metrics.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }

        @Override
        public void metric(String name, int example, double value) {
        }
    }

    static PopulationContext context(int rows, int cols, int batch, WeightInit init) {
        IncomingProjection in = new IncomingProjection(0, "in", cols, rows, 1, init,
                new Plasticity(SoftHebbLayer.RULE, PhaseKind.UNSUPERVISED),
                CounterRng.stream(3, CounterRng.WEIGHT_INIT, 0));
        return new PopulationContext(1, "hidden", rows, batch, 1.0, CounterRng.stream(3, CounterRng.POPULATION, 1),
                List.of(in), Services.of(Kernels.java()));
    }

    static float[] minibatch(int batch, int cols, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[batch * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() - 0.3f;
        }
        return x;
    }

    @ParameterizedTest(name = "{0}, bias {1}")
    @CsvSource({"SOFTMAX,false", "RELU,false", "LINEAR,false", "SOFTMAX,true", "RELU,true", "LINEAR,true"})
    void everyFeatureFormEqualsItsDefinition(SoftHebbLayer.Features form, boolean withBias) {
        int rows = 17;
        int cols = 9;
        int batch = 3;
        SoftHebbLayer layer = new SoftHebbLayer(12, 0.045, 0.2, SoftHebbParams.Variant.SOFT, withBias, 0,
                100, form, 5, 1000);
        try (PopulationModel model = layer.create(context(rows, cols, batch, WeightInit.normal(0, 0.5)))) {
            float[] x = minibatch(batch, cols, 11);
            Capture out = new Capture();
            model.step(1, () -> List.of(new StepInputs.Arrival(0, new DenseEmission(0, batch, cols, x))), out);
            assertNotNull(out.dense, "features are emitted outside the learning phase");
            assertEquals(rows, out.width);
            float[] bias = null;
            if (withBias) {
                bias = new float[rows];
                SoftHebbRule.initialBias(layer.ruleParams(), bias);
            }
            assertClose(features(layer, model.weights(0), bias, rows, cols, x, batch), out.dense, form.toString());
        }
    }

    @Test
    void aLayerThatCollapsesAfterEveryUnitWonOnceReportsItInTheEpochsWins() {
        // 100 units, each the winner of its own example in epoch 1 (the example is its initial
        // row, and rows of 100 random inputs are nearly orthogonal); then two epochs of only the
        // examples of units 3 and 7. A tiny rate keeps the rows where they were.
        int rows = 100;
        int cols = 100;
        int batch = 10;
        SoftHebbLayer layer = new SoftHebbLayer(12, 1e-4, 0.2, SoftHebbParams.Variant.SOFT, false, 0,
                10, SoftHebbLayer.Features.SOFTMAX, 5, rows);
        try (PopulationModel model = layer.create(context(rows, cols, batch, WeightInit.normal(0, 0.5)))) {
            float[] w0 = model.weights(0).clone();
            model.phase(new Phase("unsupervised", PhaseKind.UNSUPERVISED, new TreeSet<>(Set.of(0))), true);
            Capture out = new Capture();
            long step = 0;
            for (int epoch = 1; epoch <= 3; epoch++) {
                for (int m = 0; m < rows / batch; m++) {
                    float[] x = new float[batch * cols];
                    for (int e = 0; e < batch; e++) {
                        int unit = epoch == 1 ? m * batch + e : e % 2 == 0 ? 3 : 7;
                        System.arraycopy(w0, unit * cols, x, e * cols, cols);
                    }
                    DenseEmission d = new DenseEmission(step, batch, cols, x);
                    model.step(step++, () -> List.of(new StepInputs.Arrival(0, d)), out);
                }
            }
            assertEquals(List.of(100.0, 100.0, 100.0), out.metrics.get("units_ever_won"), "reported every 10 minibatches");
            assertEquals(List.of(100.0, 2.0, 2.0), out.metrics.get("units_won_this_epoch"), "at each epoch's end");
            assertEquals(List.of(0.01, 0.5, 0.5), out.metrics.get("top1pct_win_share"),
                    "the top 1% is one unit: 1 of 100 wins, then 50 of 100");
        }
    }

    @Test
    void nothingIsEmittedWhileLearning() {
        SoftHebbLayer layer = SoftHebbLayer.mnistPreset();
        try (PopulationModel model = layer.create(context(10, 6, 2, WeightInit.constant(0)))) {
            Phase learn = new Phase("unsupervised", PhaseKind.UNSUPERVISED, new TreeSet<>(Set.of(0)));
            model.phase(learn, true);
            Capture out = new Capture();
            model.step(1, () -> List.of(new StepInputs.Arrival(0, new DenseEmission(0, 2, 6, minibatch(2, 6, 1)))), out);
            assertEquals(null, out.dense);
            model.phase(learn, false);
            model.step(2, () -> List.of(new StepInputs.Arrival(0, new DenseEmission(1, 2, 6, minibatch(2, 6, 2)))), out);
            assertNotNull(out.dense);
        }
    }

    @Test
    void theRadiusInitGivesRowsOfAboutThatNorm() {
        int rows = 200;
        int cols = 784;
        SoftHebbLayer layer = SoftHebbLayer.mnistPreset();
        IncomingProjection in = context(rows, cols, 1, WeightInit.constant(0)).incoming().get(0);
        float[] w = layer.initialWeights(in);
        double mean = 0;
        for (int r = 0; r < rows; r++) {
            double sq = 0;
            for (int c = 0; c < cols; c++) {
                float v = w[r * cols + c];
                assertTrue(v >= 0 && v < Math.sqrt(3.0 * 35 * 35 / cols), "uniform in [0, a)");
                sq += v * v;
            }
            mean += Math.sqrt(sq) / rows;
        }
        assertEquals(35, mean, 0.35, "mean row norm");
        assertArrayEquals(w, layer.initialWeights(in), "drawn from the projection's own stream");
        SoftHebbLayer fromInit = new SoftHebbLayer(12, 0.045, 0.2, SoftHebbParams.Variant.ANTI, false, 0,
                100, SoftHebbLayer.Features.SOFTMAX, 5, 1000);
        assertArrayEquals(in.initialWeights(), fromInit.initialWeights(in), "radius 0: the projection's init");
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SoftHebbLayer(0, 0.045, 0.2,
                SoftHebbParams.Variant.ANTI, false, 35, 100, SoftHebbLayer.Features.SOFTMAX, 5, 1000));
        assertThrows(IllegalArgumentException.class, () -> new SoftHebbLayer(12, 0.045, 0.2,
                SoftHebbParams.Variant.ANTI, false, -1, 100, SoftHebbLayer.Features.SOFTMAX, 5, 1000));
        assertThrows(IllegalArgumentException.class, () -> new SoftHebbLayer(12, 0.045, 0.2,
                SoftHebbParams.Variant.ANTI, false, 35, 100, SoftHebbLayer.Features.SOFTMAX, 0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new SoftHebbLayer(12, 0.045, 0.2,
                SoftHebbParams.Variant.ANTI, false, 35, 100, SoftHebbLayer.Features.SOFTMAX, 5, 0));
    }
}
