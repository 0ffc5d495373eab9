package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CrossEntropy;
import org.lamina.sim.model.Services;

/**
 * Exactness: a 20-16-12-4 network trained through the engine, each layer a population exchanging
 * BU activity and TD errors as messages, ends with the same weights (relative difference
 * ≤ 1e-5 per projection) as one plain minibatch loop over the kernels, for every rule, with SGD
 * and with Adam (and a per-epoch learning-rate decay), and the per-minibatch loss, correct and
 * examples metrics are the loop's.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(120)
class SupervisedExactnessTest {
    static final double BOUND = 1e-5;

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "bp, tanh, sgd", "bp, relu, adam", "fa, tanh, sgd", "fa, tanh, adam", "dfa, tanh, sgd", "dfa, tanh, adam",
        "sign-symmetry, tanh, sgd", "counter-hebb, relu, sgd", "counter-hebb-separate, relu, sgd",
        "counter-hebb-separate, relu, adam"})
    void enginePopulationsReproduceTheDirectLoop(String ruleName, String act, String opt) {
        check(ruleName, act, opt, BackendSelection.select(BackendRequest.JAVA));
    }

    /** The same on the OpenCL backend (PoCL on CPUs); skipped where there is no OpenCL device. */
    @Tag("opencl")
    @ParameterizedTest(name = "opencl {0} {1} {2}")
    @CsvSource({"bp, tanh, sgd", "fa, tanh, adam", "dfa, tanh, sgd", "sign-symmetry, tanh, sgd",
        "counter-hebb-separate, relu, sgd"})
    void onOpenClToo(String ruleName, String act, String opt) {
        check(ruleName, act, opt, org.lamina.kernels.backend.OpenClTestSupport.selection());
    }

    private void check(String ruleName, String act, String opt, BackendSelection backend) {
        SupervisedRule rule = switch (ruleName) {
            case "counter-hebb-separate" -> SupervisedRule.counterHebb(true);
            case "sign-symmetry" -> SupervisedRule.signSymmetry(0.5);
            default -> SupervisedRule.of(SupervisedRule.Rule.parse(ruleName));
        };
        Activation activation = Activation.valueOf(act.toUpperCase(java.util.Locale.ROOT));
        int batch = 8;
        int batches = 6;
        Optimiser optimiser = (opt.equals("sgd") ? Optimiser.sgd(0.1) : Optimiser.adam(0.01)).decaying(0.5, 2L * batch);
        boolean dfa = rule.rule() == SupervisedRule.Rule.DFA;
        int hidden = 2;
        int period = dfa ? hidden + 2 : 2 * hidden + 1; // the shortest presentation that is still exact
        TestNetworks.Net net = TestNetworks.random(new int[] {20, 16, 12, 4}, batch, batches, period, dfa, 5);

        var spec = net.spec((l, errorFrom) -> {
            SupervisedLayer layer = SupervisedLayer.of(activation, rule, errorFrom, optimiser);
            return l == 1 ? layer.first() : layer;
        }, SoftmaxOutput.of(rule, "labels", optimiser));
        TestNetworks.Run run = TestNetworks.run(testKit.system(), spec, "supervised", (long) period * batches + 2 * period,
                Services.of(Kernels.of(backend)), rule.receiverWeights());

        try (DirectTraining direct = new DirectTraining(net, activation, rule, optimiser, BatchReduction.MEAN, Kernels.of(backend))) {
            List<Double> loss = run.metric("loss");
            List<Double> correct = run.metric("correct");
            assertEquals(batches, loss.size());
            for (int k = 0; k < batches; k++) {
                CrossEntropy.Score s = direct.train(net.xs().get(k), net.ys().get(k));
                assertEquals(s.meanLoss(), loss.get(k), 1e-5 * Math.abs(s.meanLoss()), "loss of minibatch " + k);
                assertEquals(s.correct(), correct.get(k), 0.0, "correct in minibatch " + k);
            }
            assertEquals(List.of(8.0, 8.0, 8.0, 8.0, 8.0, 8.0), run.metric("examples"));
            for (int l = 1; l <= 3; l++) {
                float[] engine = run.lastWeights().get(net.buProjection(l));
                double rel = TestNetworks.relative(engine, direct.w[l]);
                assertTrue(rel <= BOUND, "layer " + l + ": relative difference " + rel);
                double moved = TestNetworks.relative(net.initialBu(l), direct.w[l]);
                assertTrue(moved > 100 * BOUND, "layer " + l + " must have learned (moved " + moved + ")");
            }
            if (rule.learnsTdWeights()) {
                for (int l = 1; l <= 2; l++) {
                    double rel = TestNetworks.relative(run.lastWeights().get(net.tdProjection(l)), direct.m[l]);
                    assertTrue(rel <= BOUND, "TD weights of layer " + l + ": relative difference " + rel);
                }
            }
        }
    }
}
