package org.lamina.neurons.krotov;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.dynamics.SettleParams;
import org.lamina.kernels.plasticity.KrotovActivity;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.neurons.input.PatternInput;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
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
 * The Krotov layer learns through the engine, and only during its learning phase; outside it,
 * it emits Krotov's readout features computed from its current weights.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(60)
class KrotovLayerTest {
    private static final Plasticity KROTOV = new Plasticity(KrotovLayer.RULE, PhaseKind.UNSUPERVISED);

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @Test
    void weightsChangeOnlyWhileTheLearningPhaseRuns() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("input", 25, 8, PatternInput.analog(1)),
                new PopulationSpec("hidden", 12, 8, new KrotovLayer(3, 3, 0.4, 0.05, 2, 400, 10))),
                List.of(new ProjectionSpec("input", "hidden", 1, WeightInit.normal(0, 0.3), KROTOV)), 1.0, 5);
        MemoryTraceSink sink = new MemoryTraceSink();
        RecordingSpec rec = new RecordingSpec(java.util.Set.of(), List.of(),
                List.of(new RecordingSpec.WeightProbe("input", "hidden", 1)));
        Simulation sim = Simulation.start(testKit.system(), net, rec, sink, new RunInfo("krotov", "", null),
                Services.of(Kernels.java()));
        Phase warmUp = net.phase("warm-up", PhaseKind.RUN); // nothing learns in a run phase
        sim.markPhase(warmUp, true);
        sim.advance(20).toCompletableFuture().join();
        sim.markPhase(warmUp, false);
        Phase learn = net.phase("unsupervised", PhaseKind.UNSUPERVISED);
        sim.markPhase(learn, true);
        sim.advance(100).toCompletableFuture().join();
        sim.markPhase(learn, false);
        sim.runToEnd(20);

        List<float[]> snapshots = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        List<Double> eps = new ArrayList<>();
        List<Double> everWon = new ArrayList<>();
        List<Double> wonThisEpoch = new ArrayList<>();
        List<Double> top1pctShare = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            Frame f = r.getFrame();
            if (f.hasWeights()) {
                float[] w = new float[f.getWeights().getValuesCount()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = f.getWeights().getValues(i);
                }
                snapshots.add(w);
                steps.add(f.getStep());
            } else if (f.hasMetric() && f.getMetric().getName().equals("eps")) {
                eps.add(f.getMetric().getValue());
            } else if (f.hasMetric() && f.getMetric().getName().equals("units_ever_won")) {
                everWon.add(f.getMetric().getValue());
            } else if (f.hasMetric() && f.getMetric().getName().equals("units_won_this_epoch")) {
                wonThisEpoch.add(f.getMetric().getValue());
            } else if (f.hasMetric() && f.getMetric().getName().equals("top1pct_win_share")) {
                top1pctShare.add(f.getMetric().getValue());
            }
        }
        assertEquals(140, snapshots.size());
        for (int s = 1; s < snapshots.size(); s++) {
            boolean changed = !Arrays.equals(snapshots.get(s - 1), snapshots.get(s));
            boolean inPhase = steps.get(s) >= 20 && steps.get(s) < 120;
            assertEquals(inPhase, changed, "step " + steps.get(s));
        }
        assertEquals(100, eps.size(), "one update per minibatch of the phase");
        assertEquals(0.05, eps.get(0), 1e-12);
        assertEquals(0.05 * 0.5, eps.get(99), 1e-12, "the second epoch (400 examples = 50 minibatches) anneals");
        assertEquals(10, everWon.size());
        assertTrue(everWon.get(9) >= everWon.get(0) && everWon.get(9) <= 12);
        assertFalse(everWon.isEmpty());
        assertEquals(2, wonThisEpoch.size(), "one report per epoch of 400 examples");
        for (int e = 0; e < 2; e++) {
            assertTrue(wonThisEpoch.get(e) >= 1 && wonThisEpoch.get(e) <= everWon.get(9), "epoch " + e);
            // Of 12 units the top 1% is the one that won most: at least the mean share of those that won.
            assertTrue(top1pctShare.get(e) >= 1.0 / wonThisEpoch.get(e) && top1pctShare.get(e) <= 1, "epoch " + e);
        }
    }

    /** Runs a learning phase of {@code layer} on random patterns; returns the final weights and the metrics by name. */
    private java.util.Map<String, List<Double>> learn(KrotovLayer layer, float[][] weightsOut) {
        return learn(layer, weightsOut, new ArrayList<>(), new ArrayList<>());
    }

    /** As above, also keeping the trajectory frames and the recorded state frames. */
    private java.util.Map<String, List<Double>> learn(KrotovLayer layer, float[][] weightsOut, List<Frame> trajectories,
                                                      List<Frame> states) {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("input", 25, 8, PatternInput.analog(1)),
                new PopulationSpec("hidden", 12, 8, layer)),
                List.of(new ProjectionSpec("input", "hidden", 1, WeightInit.normal(0, 0.3), KROTOV)), 1.0, 5);
        MemoryTraceSink sink = new MemoryTraceSink();
        RecordingSpec rec = new RecordingSpec(java.util.Set.of(), layer.stateVariables().contains("h")
                ? List.of(new RecordingSpec.StateProbe("hidden", "h", new int[0], 1)) : List.of(),
                List.of(new RecordingSpec.WeightProbe("input", "hidden", 60)));
        Simulation sim = Simulation.start(testKit.system(), net, rec, sink, new RunInfo("krotov", "", null),
                Services.of(Kernels.java()));
        Phase learn = net.phase("unsupervised", PhaseKind.UNSUPERVISED);
        sim.markPhase(learn, true);
        sim.advance(60).toCompletableFuture().join();
        sim.markPhase(learn, false);
        sim.runToEnd(1);
        java.util.Map<String, List<Double>> metrics = new java.util.TreeMap<>();
        for (TraceRecord r : sink.records()) {
            Frame f = r.getFrame();
            if (f.hasMetric()) {
                metrics.computeIfAbsent(f.getMetric().getName(), k -> new ArrayList<>()).add(f.getMetric().getValue());
            } else if (f.hasTrajectory()) {
                trajectories.add(f);
            } else if (f.hasState()) {
                states.add(f);
                // The recorded settled state: its active units, averaged over the minibatch, per step.
                long active = f.getState().getValuesList().stream().filter(x -> x > 0).count();
                metrics.computeIfAbsent("recorded_active", k -> new ArrayList<>())
                        .add((double) active / f.getState().getBatch());
            } else if (f.hasWeights() && f.getStep() == 59) {
                weightsOut[0] = new float[f.getWeights().getValuesCount()];
                for (int i = 0; i < weightsOut[0].length; i++) {
                    weightsOut[0][i] = f.getWeights().getValues(i);
                }
            }
        }
        return metrics;
    }

    /**
     * With trace-settling, every report-every-th learned minibatch's first examples go to the
     * trace as h(t) from 0 over 10 tau for the units of largest final h; those units are the
     * settled state's (exact steady state) and end where it does.
     */
    @Test
    void aLayerTracesHowItsExamplesSettle() {
        KrotovLayer layer = new KrotovLayer(3, 3, 0.4, 0.05, 2, 400, 10).withActivity(
                new KrotovActivity.Dynamics(new SettleParams(0.3, 10, 0.5, 1, "euler", 1e-3, 10_000), 0.5, true, true))
                .withTraceSettling(2);
        List<Frame> trajectories = new ArrayList<>();
        List<Frame> states = new ArrayList<>();
        learn(layer, new float[1][], trajectories, states);
        assertEquals(12, trajectories.size(), "2 examples of minibatches 0, 10, ..., 50 of the 59 learned");
        java.util.Map<Long, Frame> stateAt = new java.util.HashMap<>();
        states.forEach(f -> stateAt.put(f.getStep(), f));
        for (Frame f : trajectories) {
            var t = f.getTrajectory();
            assertEquals("h", t.getVariable());
            assertEquals(0.5, t.getDtMs());
            assertEquals(201, t.getSamples(), "10 tau of 0.5 ms steps, and time 0");
            assertEquals(8, t.getUnitsCount());
            for (int u = 0; u < 8; u++) {
                assertEquals(0f, t.getValues(u), "h starts at 0");
            }
            int last = 200 * 8;
            for (int u = 1; u < 8; u++) {
                assertTrue(t.getValues(last + u - 1) >= t.getValues(last + u), "units by final h, largest first");
            }
            // The settled state recorded at the same step, this example's row.
            var s = stateAt.get(f.getStep()).getState();
            int units = s.getUnitsCount();
            int best = 0;
            for (int i = 1; i < units; i++) {
                if (s.getValues(t.getExample() * units + i) > s.getValues(t.getExample() * units + best)) {
                    best = i;
                }
            }
            assertEquals(best, t.getUnits(0), "the top traced unit is the settled winner");
            for (int u = 0; u < 8; u++) {
                assertEquals(s.getValues(t.getExample() * units + t.getUnits(u)), t.getValues(last + u), 1e-3,
                        "after 10 tau the path is at the exact steady state, unit " + t.getUnits(u));
            }
        }
    }

    /** Learning from the settled dynamics reports how its sets compare with the shortcut, every minibatch. */
    @Test
    void aLayerLearningFromDynamicsReportsItsSets() {
        KrotovLayer layer = new KrotovLayer(3, 3, 0.4, 0.05, 2, 400, 10).withActivity(
                new KrotovActivity.Dynamics(new SettleParams(0.3, 10, 0.5, 1, "euler", 1e-3, 10_000), 0.5, true, true));
        java.util.Map<String, List<Double>> m = learn(layer, new float[1][]);
        assertEquals(59, m.get("hebbian_units").size(), "one per learned minibatch");
        for (String name : List.of("anti_hebbian_units", "active_units", "ode_top1_agreement", "ode_kth_overlap",
                "settle_steps", "settled")) {
            assertEquals(59, m.get(name).size(), name);
        }
        assertTrue(m.get("hebbian_units").stream().allMatch(x -> x >= 1), "the winner is always Hebbian");
        assertTrue(m.get("settled").stream().allMatch(x -> x == 1.0));
        // The recorded h is the state the signals came from: the same active set, one step later (recorded after it).
        assertEquals(m.get("active_units").subList(0, 58), m.get("recorded_active").subList(1, 59));
    }

    /**
     * With no anti-Hebbian strength and inhibition strong enough that one unit wins alone (its h
     * the largest: h* = 1 of it), the settled dynamics choose the shortcut's units: same weights.
     */
    @Test
    void dynamicsThatReproduceTheRanksLearnTheSameWeights() {
        KrotovLayer ranking = new KrotovLayer(3, 3, 0, 0.05, 2, 400, 10);
        KrotovLayer dynamics = ranking.withActivity(new KrotovActivity.Dynamics(
                new SettleParams(2, 10, 0.5, 1, "euler", 1e-3, 10_000), 1.0, true, true));
        float[][] a = new float[1][];
        float[][] b = new float[1][];
        learn(ranking, a);
        java.util.Map<String, List<Double>> m = learn(dynamics, b);
        assertArrayEquals(a[0], b[0]);
        assertTrue(m.get("ode_top1_agreement").stream().allMatch(x -> x == 1.0));
    }

    /**
     * Binary images sent as regular spikes fire on every step of their presentation, so the rates
     * are the pixels and a layer that accumulates its currents spike by spike learns the weights
     * the dense images give (up to the float rounding of the summation order), with either signal.
     */
    @ParameterizedTest(name = "dynamics {0}, backend {1}")
    @CsvSource({"false,java", "true,java", "true,reference"})
    void aLayerFedWithSpikesOfBinaryImagesLearnsWhatTheDenseImagesTeach(boolean dynamics, String backend) {
        int t = 4;
        KrotovLayer dense = new KrotovLayer(3, 3, 0.4, 0.05, 2, 400, 10);
        if (dynamics) {
            dense = dense.withActivity(new KrotovActivity.Dynamics(
                    new SettleParams(0.8, 10, 0.5, 1, "euler", 1e-3, 10_000), 0.5, true, true));
        }
        Kernels kernels = backend.equals("java") ? Kernels.java() : Kernels.of(new org.lamina.kernels.backend.BackendSelection(
                org.lamina.kernels.backend.BackendRequest.JAVA, org.lamina.kernels.backend.Backend.REFERENCE, null, "cpu",
                ""));
        java.util.Map<String, List<Double>> ma = new java.util.TreeMap<>();
        java.util.Map<String, List<Double>> mb = new java.util.TreeMap<>();
        float[] a = learnFromImages(dense, org.lamina.neurons.input.DatasetInput.Encoding.ANALOG, t, kernels, ma);
        float[] b = learnFromImages(dense.withSpikes(new org.lamina.neurons.layer.SpikePresentation(t, t)),
                org.lamina.neurons.input.DatasetInput.Encoding.REGULAR, t, kernels, mb);
        assertEquals(15, ma.get("max_dw").size(), "one learning step per presentation");
        assertEquals(ma.get("max_dw").size(), mb.get("max_dw").size());
        boolean changed = false;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), "weight " + i);
        }
        for (int i = 0; i < ma.get("max_dw").size(); i++) {
            assertEquals(ma.get("max_dw").get(i), mb.get("max_dw").get(i), 1e-5 * ma.get("max_dw").get(i), "step " + i);
        }
        if (dynamics) {
            assertEquals(ma.get("active_units"), mb.get("active_units"), "the same sets");
        }
    }

    /** 15 presentations of {@code t} steps of 8 random binary 25-pixel images; the final weights and the metrics. */
    private float[] learnFromImages(KrotovLayer layer, org.lamina.neurons.input.DatasetInput.Encoding encoding, int t,
                                    Kernels kernels, java.util.Map<String, List<Double>> metrics) {
        int n = 40;
        java.util.Random r = new java.util.Random(5);
        float[] pixels = new float[n * 25];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextInt(3) == 0 ? 1 : 0;
        }
        org.lamina.neurons.input.ArrayExamples data = new org.lamina.neurons.input.ArrayExamples(
                new org.lamina.neurons.input.DatasetShape("binary", org.lamina.neurons.input.Split.TRAIN, 25, 1, 2,
                        List.of(), n), pixels, new int[n], null);
        org.lamina.neurons.input.DatasetInput input = org.lamina.neurons.input.DatasetInput.presenting(data, null,
                org.lamina.neurons.input.DatasetInput.Emit.IMAGES, t, true, false, 3, java.util.Map.of());
        if (encoding != org.lamina.neurons.input.DatasetInput.Encoding.ANALOG) {
            input = input.withEncoding(encoding, t);
        }
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("input", 25, 8, input),
                new PopulationSpec("hidden", 12, 8, layer)),
                List.of(new ProjectionSpec("input", "hidden", 1, WeightInit.normal(0, 0.3), KROTOV)), 1.0, 5);
        MemoryTraceSink sink = new MemoryTraceSink();
        RecordingSpec rec = new RecordingSpec(java.util.Set.of(), List.of(),
                List.of(new RecordingSpec.WeightProbe("input", "hidden", 1000)));
        Simulation sim = Simulation.start(testKit.system(), net, rec, sink, new RunInfo("krotov", "", null),
                Services.of(kernels));
        Phase learn = net.phase("unsupervised", PhaseKind.UNSUPERVISED);
        sim.markPhase(learn, true);
        sim.advance(15 * t + 1).toCompletableFuture().join(); // the last presentation's last spikes arrive a step late
        sim.markPhase(learn, false);
        sim.runToEnd(1);
        float[] w = null;
        for (TraceRecord rec2 : sink.records()) {
            Frame f = rec2.getFrame();
            if (f.hasMetric()) {
                metrics.computeIfAbsent(f.getMetric().getName(), k -> new ArrayList<>()).add(f.getMetric().getValue());
            } else if (f.hasWeights()) {
                w = new float[f.getWeights().getValuesCount()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = f.getWeights().getValues(i);
                }
            }
        }
        return w;
    }

    /** Krotov's readout features in double, straight from the definition. */
    static float[] features(KrotovLayer layer, float[] w, int rows, int cols, float[] v, int batch) {
        float[] out = new float[batch * rows];
        for (int b = 0; b < batch; b++) {
            double norm = 0;
            for (int c = 0; c < cols; c++) {
                norm += (double) v[b * cols + c] * v[b * cols + c];
            }
            double scale = layer.normaliseInput() ? 1 / Math.sqrt(norm) : 1;
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += (double) w[r * cols + c] * v[b * cols + c] * scale;
                }
                double h = Math.max(s, 0);
                out[b * rows + r] = (float) (layer.features() == KrotovLayer.Features.POWER_RELU
                        ? Math.pow(h, layer.readoutPower()) : h);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, n {1}, normalise {2}")
    @CsvSource({"POWER_RELU,4.5,true", "POWER_RELU,3,false", "RELU,1,true", "RELU,1,false"})
    void emitsReadoutFeaturesOutsideItsLearningPhaseOnly(KrotovLayer.Features form, double n, boolean normalise) {
        int rows = 13;
        int cols = 10;
        int batch = 3;
        KrotovLayer layer = new KrotovLayer(3, 3, 0.4, 0.05, 1, 100, 10, form, n, normalise);
        IncomingProjection in = new IncomingProjection(0, "in", cols, rows, 1, WeightInit.normal(0, 0.5), KROTOV,
                CounterRng.stream(3, CounterRng.WEIGHT_INIT, 0));
        PopulationContext ctx = new PopulationContext(1, "hidden", rows, batch, 1.0,
                CounterRng.stream(3, CounterRng.POPULATION, 1), List.of(in),
                Services.of(Kernels.java()));
        java.util.Random r = new java.util.Random(4);
        float[] v = new float[batch * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextFloat();
        }
        List<float[]> emitted = new ArrayList<>();
        Emitter out = new Emitter() {
            @Override
            public void spikes(int[] offsets, int[] indices) {
                throw new AssertionError("no spikes expected");
            }

            @Override
            public void dense(float[] values, int width) {
                assertEquals(rows, width);
                emitted.add(values.clone());
            }

            @Override
            public void metric(String name, double value) {
            }

            @Override
            public void metric(String name, int example, double value) {
            }
        };
        StepInputs inputs = () -> List.of(new StepInputs.Arrival(0, new DenseEmission(0, batch, cols, v)));
        try (PopulationModel model = layer.create(ctx)) {
            Phase learn = new Phase("unsupervised", PhaseKind.UNSUPERVISED, new java.util.TreeSet<>(List.of(0)));
            model.phase(learn, true);
            model.step(1, inputs, out);
            assertTrue(emitted.isEmpty(), "nothing is emitted while learning");
            model.phase(learn, false);
            model.step(2, inputs, out);
            assertEquals(1, emitted.size());
            float[] expected = features(layer, model.weights(0), rows, cols, v, batch);
            float scale = 0;
            for (float x : expected) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], emitted.get(0)[i], 1e-5 * Math.max(1, scale), "feature " + i);
            }
        }
    }

    /**
     * With spike output, a presentation's features leave as spikes over the next T steps: unit mu
     * of an example fires on each step with probability f_mu / max f (its largest unit every step,
     * a silent unit never), its counts binomial around T times that.
     */
    @Test
    void sendsItsFeaturesOnAsSpikesAtRatesRelativeToEachExamplesLargest() {
        int rows = 13;
        int cols = 10;
        int batch = 3;
        int t = 400;
        KrotovLayer layer = new KrotovLayer(3, 3, 0.4, 0.05, 1, 100, 10)
                .withSpikes(new org.lamina.neurons.layer.SpikePresentation(t, t)).withSpikeOutput();
        IncomingProjection in = new IncomingProjection(0, "in", cols, rows, 1, WeightInit.normal(0, 0.5), KROTOV,
                CounterRng.stream(3, CounterRng.WEIGHT_INIT, 0));
        PopulationContext ctx = new PopulationContext(1, "hidden", rows, batch, 1.0,
                CounterRng.stream(3, CounterRng.POPULATION, 1), List.of(in), Services.of(Kernels.java()));
        java.util.Random r = new java.util.Random(4);
        float[] v = new float[batch * cols];
        int[] offsets = new int[batch + 1];
        List<Integer> on = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < cols; c++) {
                if (r.nextInt(2) == 0) {
                    v[b * cols + c] = 1;
                    on.add(c);
                }
            }
            offsets[b + 1] = on.size();
        }
        int[] indices = on.stream().mapToInt(Integer::intValue).toArray();
        int[] counts = new int[batch * rows];
        int[] spikeSteps = {0};
        Emitter out = new Emitter() {
            @Override
            public void spikes(int[] o, int[] idx) {
                spikeSteps[0]++;
                for (int b = 0; b < batch; b++) {
                    for (int e = o[b]; e < o[b + 1]; e++) {
                        counts[b * rows + idx[e]]++;
                    }
                }
            }

            @Override
            public void dense(float[] values, int width) {
                throw new AssertionError("no dense features expected");
            }

            @Override
            public void metric(String name, double value) {
            }

            @Override
            public void metric(String name, int example, double value) {
            }
        };
        try (PopulationModel model = layer.create(ctx)) {
            model.phase(new Phase("readout", PhaseKind.READOUT, new java.util.TreeSet<>(List.of(1))), true);
            model.step(1, List::of, out); // the phase's first step; the image's spikes arrive from the next
            for (long step = 2; step <= t + 1; step++) {
                SpikeEmission s = new SpikeEmission(step - 1, batch, offsets, indices);
                model.step(step, () -> List.of(new StepInputs.Arrival(0, s)), out);
                assertEquals(step == t + 1 ? 1 : 0, spikeSteps[0], "the first spike step is the presentation's last");
            }
            for (long step = t + 2; step <= 3L * t; step++) {
                model.step(step, List::of, out);
            }
            assertEquals(t, spikeSteps[0], "T steps of spikes, then silence");
            float[] f = features(layer, model.weights(0), rows, cols, v, batch);
            int silent = 0;
            for (int b = 0; b < batch; b++) {
                float max = 0;
                for (int u = 0; u < rows; u++) {
                    max = Math.max(max, f[b * rows + u]);
                }
                for (int u = 0; u < rows; u++) {
                    double rate = f[b * rows + u] / max;
                    int n = counts[b * rows + u];
                    if (rate == 0) {
                        assertEquals(0, n, "a silent unit");
                        silent++;
                    } else if (rate > 1 - 1e-6) {
                        assertEquals(t, n, "the example's largest unit fires on every step");
                    } else {
                        assertEquals(rate, n / (double) t, 4.5 * Math.sqrt(rate * (1 - rate) / t),
                                "example " + b + " unit " + u);
                    }
                }
            }
            assertTrue(silent > 0 && silent < batch * rows - batch, "some units silent, some firing at fractional rates");
        }
    }

    @Test
    void badReadoutParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KrotovLayer(3, 3, 0.4, 0.05, 1, 100, 10,
                KrotovLayer.Features.POWER_RELU, 0.5, true));
        assertThrows(IllegalArgumentException.class, () -> new KrotovLayer(3, 3, 0.4, 0.05, 1, 100, 10,
                null, 4.5, true));
    }
}
