package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.engine.SimulationFailedException;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.trace.MemoryTraceSink;

/** Phases, padding, the exactness guard, the FA–BP angle and plain learning, through the engine. */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(120)
class SupervisedNetworkTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    private static NetworkSpec mlp(TestNetworks.Net net, Activation act, SupervisedRule rule, Optimiser opt,
                                   SoftmaxOutput output) {
        return net.spec((l, errorFrom) -> {
            SupervisedLayer layer = SupervisedLayer.of(act, rule, errorFrom, opt);
            return l == 1 ? layer.first() : layer;
        }, output);
    }

    /**
     * Six training minibatches during {@code supervised}, then three test minibatches (the last
     * padded with three all-zero label rows) during {@code test}: weights change only from
     * training minibatches, every minibatch reports loss, correct and examples, padding counts in
     * neither, and test metrics are those of the trained weights.
     */
    @Test
    void learnsOnlyInItsPhaseAndIgnoresPadding() {
        int batch = 8;
        int period = 3; // one hidden layer: 2 x 1 + 1
        TestNetworks.Net all = TestNetworks.random(new int[] {20, 16, 4}, batch, 9, period, false, 11);
        float[] padded = all.ys().get(8).clone();
        Arrays.fill(padded, 5 * 4, 8 * 4, 0f);
        List<float[]> ys = new ArrayList<>(all.ys());
        ys.set(8, padded);
        TestNetworks.Net net = new TestNetworks.Net(all.sizes(), batch, period, all.xs(), ys, false, all.buInit(),
                all.tdInit());
        SupervisedRule bp = SupervisedRule.of(SupervisedRule.Rule.BP);
        Optimiser opt = Optimiser.adam(0.01);
        NetworkSpec spec = mlp(net, Activation.TANH, bp, opt, SoftmaxOutput.of(bp, "labels", opt));

        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation sim = Simulation.start(testKit.system(), spec, new RecordingSpec(Set.of(), List.of(),
                List.of(new RecordingSpec.WeightProbe("input", "h1", 1))), sink, new RunInfo("phases", "", null),
                TestNetworks.JAVA);
        Phase supervised = spec.phase("supervised", PhaseKind.SUPERVISED);
        Phase test = spec.phase("test", PhaseKind.TEST);
        sim.markPhase(supervised, true);
        sim.advance(6L * period).toCompletableFuture().join();
        sim.markPhase(supervised, false);
        sim.markPhase(test, true);
        sim.advance(3L * period + 4).toCompletableFuture().join();
        sim.markPhase(test, false);
        sim.runToEnd(2);

        List<float[]> w = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        List<Double> examples = new ArrayList<>();
        List<Double> correct = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            Frame f = r.getFrame();
            if (f.hasWeights()) {
                float[] v = new float[f.getWeights().getValuesCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = f.getWeights().getValues(i);
                }
                w.add(v);
                steps.add(f.getStep());
            } else if (f.hasMetric()) {
                switch (f.getMetric().getName()) {
                    case "examples" -> examples.add(f.getMetric().getValue());
                    case "correct" -> correct.add(f.getMetric().getValue());
                    case "loss" -> loss.add(f.getMetric().getValue());
                    default -> { }
                }
            }
        }
        // h1 learns from minibatch k at step 3k + 4 (the error's round trip), the last at step 19.
        for (int s = 1; s < w.size(); s++) {
            boolean changed = !Arrays.equals(w.get(s - 1), w.get(s));
            long step = steps.get(s);
            boolean update = step >= 4 && step <= 19 && (step - 4) % 3 == 0;
            assertEquals(update, changed, "step " + step);
        }
        assertEquals(List.of(8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 5.0), examples);
        assertEquals(9, loss.size());

        try (DirectTraining direct = new DirectTraining(net, Activation.TANH, bp, opt, BatchReduction.MEAN,
                Kernels.java())) {
            for (int k = 0; k < 6; k++) {
                direct.train(net.xs().get(k), net.ys().get(k));
            }
            assertTrue(TestNetworks.relative(w.get(w.size() - 1), direct.w[1]) <= 1e-5);
            // Test minibatches score the trained network; the padded one only on its 5 real examples.
            for (int k = 6; k < 9; k++) {
                DirectTraining scorer = new DirectTraining(net, Activation.TANH, bp, opt, BatchReduction.MEAN,
                        Kernels.java());
                for (int l = 1; l <= 2; l++) {
                    System.arraycopy(direct.w[l], 0, scorer.w[l], 0, direct.w[l].length);
                    System.arraycopy(direct.b[l], 0, scorer.b[l], 0, direct.b[l].length);
                }
                var s = scorer.train(net.xs().get(k), net.ys().get(k));
                scorer.close();
                assertEquals(s.meanLoss(), loss.get(k), 1e-5 * s.meanLoss(), "test minibatch " + k);
                assertEquals(s.correct(), correct.get(k), 0.0);
                assertEquals(s.examples(), examples.get(k), 0.0);
            }
        }
    }

    /** A presentation shorter than the round trip would learn from stale weights: the run stops and says why. */
    @Test
    void aPresentationShorterThanTheRoundTripStopsTheRun() {
        TestNetworks.Net net = TestNetworks.random(new int[] {20, 16, 12, 4}, 4, 4, 4, false, 3); // needs 5
        SupervisedRule bp = SupervisedRule.of(SupervisedRule.Rule.BP);
        Optimiser opt = Optimiser.sgd(0.1);
        NetworkSpec spec = mlp(net, Activation.TANH, bp, opt, SoftmaxOutput.of(bp, "labels", opt));
        SimulationFailedException e = assertThrows(SimulationFailedException.class,
                () -> TestNetworks.run(testKit.system(), spec, "supervised", 20, TestNetworks.JAVA, false));
        assertTrue(e.getMessage().contains("before the error for the previous one"), e.getMessage());
        // Outside the learning phase the same presentation is fine (forward passes only).
        TestNetworks.run(testKit.system(), spec, null, 20, TestNetworks.JAVA, false);
    }

    /**
     * With angle tracking every minibatch, each hidden layer reports {@code fa_bp_angle}: the
     * angle between its FA (or sign-symmetry) update and the backprop gradient of the same
     * weights, as a plain loop computes them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fa", "sign-symmetry"})
    void reportsTheAngleBetweenTheUpdateAndTheBackpropGradient(String ruleName) {
        SupervisedRule rule = ruleName.equals("fa") ? SupervisedRule.of(SupervisedRule.Rule.FA)
                : SupervisedRule.signSymmetry(0.05);
        int batches = 4;
        TestNetworks.Net net = TestNetworks.random(new int[] {20, 16, 12, 4}, 8, batches, 5, false, 21);
        Optimiser opt = Optimiser.sgd(0.2);
        NetworkSpec spec = mlp(net, Activation.TANH, rule, opt,
                SoftmaxOutput.of(rule, "labels", opt).withAngleEvery(1));
        TestNetworks.Run run = TestNetworks.run(testKit.system(), spec, "supervised", 5L * batches + 10,
                TestNetworks.JAVA, rule.receiverWeights());
        List<Frame> angles = run.metricFrames("fa_bp_angle");
        assertEquals(2 * batches, angles.size(), "both hidden layers, every minibatch");
        try (DirectTraining direct = new DirectTraining(net, Activation.TANH, rule, opt, BatchReduction.MEAN,
                Kernels.java())) {
            for (int k = 0; k < batches; k++) {
                direct.train(net.xs().get(k), net.ys().get(k));
                for (int l = 1; l <= 2; l++) {
                    double expected = SupervisedLayer.angleDegrees(direct.gradient[l], direct.bpGradient[l]);
                    int population = 1 + l; // input 0, labels 1, h1 2, h2 3
                    int layer = l;
                    double got = angles.stream().filter(f -> f.getMetric().getPopulation() == population)
                            .skip(k).findFirst().orElseThrow().getMetric().getValue();
                    assertEquals(expected, got, 1e-3, "layer " + layer + ", minibatch " + k);
                    assertTrue(expected > 1 && expected < 179, "a real angle: " + expected);
                }
            }
        }
        // Angles travel every N-th minibatch only.
        TestNetworks.Run sparse = TestNetworks.run(testKit.system(), mlp(net, Activation.TANH, rule, opt,
                        SoftmaxOutput.of(rule, "labels", opt).withAngleEvery(3)), "supervised", 5L * batches + 10,
                TestNetworks.JAVA, rule.receiverWeights());
        assertEquals(2 * 2, sparse.metric("fa_bp_angle").size(), "minibatches 0 and 3");
    }

    /** Every rule learns a small separable problem: late minibatches score better than early ones. */
    @ParameterizedTest
    @ValueSource(strings = {"bp", "fa", "dfa", "sign-symmetry", "counter-hebb", "counter-hebb-separate"})
    void everyRuleLearnsASeparableProblem(String ruleName) {
        SupervisedRule rule = switch (ruleName) {
            case "counter-hebb-separate" -> SupervisedRule.counterHebb(true);
            case "sign-symmetry" -> SupervisedRule.signSymmetry(0.1);
            default -> SupervisedRule.of(SupervisedRule.Rule.parse(ruleName));
        };
        Activation act = rule.rule() == SupervisedRule.Rule.COUNTER_HEBB ? Activation.RELU : Activation.TANH;
        int batch = 16;
        int batches = 60;
        int classes = 4;
        int inputs = 20;
        Random r = new Random(8);
        float[][] prototypes = new float[classes][inputs];
        for (float[] p : prototypes) {
            for (int i = 0; i < inputs; i++) {
                p[i] = r.nextBoolean() ? 1f : -1f;
            }
        }
        List<float[]> xs = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        for (int k = 0; k < batches; k++) {
            float[] x = new float[batch * inputs];
            float[] y = new float[batch * classes];
            for (int b = 0; b < batch; b++) {
                int c = r.nextInt(classes);
                for (int i = 0; i < inputs; i++) {
                    x[b * inputs + i] = prototypes[c][i] + (float) r.nextGaussian();
                }
                y[b * classes + c] = 1f;
            }
            xs.add(x);
            ys.add(y);
        }
        boolean dfa = rule.rule() == SupervisedRule.Rule.DFA;
        int period = dfa ? 4 : 5;
        TestNetworks.Net net = new TestNetworks.Net(new int[] {inputs, 16, 12, classes}, batch, period, xs, ys, dfa,
                WeightInit.uniform(-0.3, 0.3), WeightInit.uniform(-0.3, 0.3));
        Optimiser opt = Optimiser.adam(0.01);
        TestNetworks.Run run = TestNetworks.run(testKit.system(),
                mlp(net, act, rule, opt, SoftmaxOutput.of(rule, "labels", opt)), "supervised",
                (long) period * batches + 10, TestNetworks.JAVA, false);
        List<Double> correct = run.metric("correct");
        List<Double> loss = run.metric("loss");
        assertEquals(batches, correct.size());
        double early = correct.subList(0, 5).stream().mapToDouble(Double::doubleValue).sum() / (5.0 * batch);
        double late = correct.subList(batches - 10, batches).stream().mapToDouble(Double::doubleValue).sum()
                / (10.0 * batch);
        assertTrue(late >= 0.9, ruleName + ": late accuracy " + late + " (early " + early + ")");
        assertTrue(loss.get(batches - 1) < loss.get(0), ruleName + ": loss " + loss.get(0) + " -> "
                + loss.get(batches - 1));
    }
}
