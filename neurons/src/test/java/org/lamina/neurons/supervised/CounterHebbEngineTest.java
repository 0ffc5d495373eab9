package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.sim.model.Services;
import org.lamina.sim.spec.WeightInit;

/**
 * Counter-Hebb with symmetric TD weights is backprop (REFERENCES.md): on random ReLU networks,
 * the update each Counter-Hebb population makes through the engine (post-side TD activity times
 * pre-side BU activity, the TD pass GaLU-gated by the BU activity) equals the update of the same
 * network trained by backprop populations, and both equal the backprop gradient of a plain loop
 * (whose TD pass gates inside the error-propagation kernel), relative difference ≤ 1e-5.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(120)
class CounterHebbEngineTest {
    static final double BOUND = 1e-5;

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @ParameterizedTest(name = "sizes {0}, batch {1}, seed {2}")
    @CsvSource({"12-10-3, 5, 1", "20-16-12-4, 8, 2", "9-17-8-7-5, 6, 3", "30-25-20-15-10, 16, 4"})
    void counterHebbUpdateEqualsTheBackpropGradient(String shape, int batch, long seed) {
        int[] sizes = java.util.Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray();
        int hidden = sizes.length - 2;
        int period = 2 * hidden + 1;
        TestNetworks.Net random = TestNetworks.random(sizes, batch, 1, period, false, seed);
        TestNetworks.Net net = new TestNetworks.Net(sizes, batch, period, random.xs(), random.ys(), false,
                WeightInit.normal(0, 0.6), WeightInit.constant(0));
        double lr = 1000; // the update dwarfs the weights, so W_after − W_before keeps the update's digits
        Optimiser sgd = Optimiser.sgd(lr);
        Kernels kernels = Kernels.java();
        long steps = 3L * period;

        TestNetworks.Run ch = TestNetworks.run(testKit.system(), spec(net, SupervisedRule.counterHebb(false), sgd),
                "supervised", steps, Services.of(kernels), false);
        TestNetworks.Run bp = TestNetworks.run(testKit.system(), spec(net, SupervisedRule.of(SupervisedRule.Rule.BP), sgd),
                "supervised", steps, Services.of(kernels), false);
        try (DirectTraining direct = new DirectTraining(net, Activation.RELU, SupervisedRule.of(SupervisedRule.Rule.BP),
                sgd, BatchReduction.MEAN, kernels)) {
            direct.train(net.xs().get(0), net.ys().get(0));
            for (int l = 1; l <= hidden + 1; l++) {
                float[] before = net.initialBu(l);
                float[] dCh = minus(ch.lastWeights().get(net.buProjection(l)), before);
                float[] dBp = minus(bp.lastWeights().get(net.buProjection(l)), before);
                float[] gradient = direct.bpGradient[l].clone();
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] = (float) (-lr * gradient[i]);
                }
                assertTrue(norm(gradient) > 1e-3 * lr, "layer " + l + ": the gradient must not vanish");
                double vsBp = TestNetworks.relative(dCh, dBp);
                double vsGradient = TestNetworks.relative(dCh, gradient);
                assertTrue(vsBp <= BOUND, "layer " + l + ": counter-hebb vs backprop populations " + vsBp);
                assertTrue(vsGradient <= BOUND, "layer " + l + ": counter-hebb vs the backprop gradient " + vsGradient);
            }
            assertGateIsSelective(direct, net);
        }
    }

    private static void assertGateIsSelective(DirectTraining direct, TestNetworks.Net net) {
        // The hidden ReLUs must pass some units and block others, or the gate is not tested.
        float[] h = new float[net.batch() * net.sizes()[1]];
        new org.lamina.kernels.product.ReferenceMatrixProduct().multiply(net.initialBu(1), net.sizes()[1],
                net.sizes()[0], net.xs().get(0), net.batch(), h);
        int active = 0;
        for (float v : h) {
            active += v > 0 ? 1 : 0;
        }
        assertTrue(active > 0 && active < h.length, active + " of " + h.length + " active");
        assertEquals(direct.sizes.length, net.sizes().length);
    }

    private static org.lamina.sim.spec.NetworkSpec spec(TestNetworks.Net net, SupervisedRule rule, Optimiser opt) {
        return net.spec((l, errorFrom) -> {
            SupervisedLayer layer = SupervisedLayer.of(Activation.RELU, rule, errorFrom, opt);
            return l == 1 ? layer.first() : layer;
        }, SoftmaxOutput.of(rule, "labels", opt));
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
