package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.CrossEntropy;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.kernels.supervised.ErrorPropagation;
import org.lamina.kernels.supervised.Gates;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ScriptedDense;

/**
 * A BU–TD multi-task network (input → h1 → h2 → out, task vectors into h2's TD side) trained
 * through the engine: the three passes (task TD pass, gated BU pass, error TD pass) and the
 * Counter-Hebb updates reproduce a plain loop; with the task choosing which half of the input
 * decides the label, the network learns both tasks.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(120)
class BuTdLayerTest {
    static final int IN = 20;
    static final int H1 = 16;
    static final int H2 = 12;
    static final int TASKS = 2;
    static final int CLASSES = 4;
    static final int PERIOD = 6; // 3 x hidden layers

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    record Data(int batch, List<float[]> xs, List<float[]> tasks, List<float[]> ys) {
    }

    /** Projections: 0 input→h1, 1 h1→h2, 2 h2→out, 3 labels→out, 4 task→h2, 5 out→h2, 6 h2→h1. */
    static NetworkSpec spec(Data d, boolean separate, Optimiser opt, WeightInit td) {
        SupervisedRule rule = SupervisedRule.counterHebb(separate);
        List<PopulationSpec> pops = List.of(
                new PopulationSpec("input", IN, d.batch(), new ScriptedDense(IN, PERIOD, d.xs())),
                new PopulationSpec("task", TASKS, d.batch(), new ScriptedDense(TASKS, PERIOD, d.tasks())),
                new PopulationSpec("labels", CLASSES, d.batch(), new ScriptedDense(CLASSES, PERIOD, d.ys())),
                new PopulationSpec("h1", H1, d.batch(), BuTdLayer.below(separate, "h2", true, opt)),
                new PopulationSpec("h2", H2, d.batch(), BuTdLayer.top(separate, "out", "task", opt)),
                new PopulationSpec("out", CLASSES, d.batch(), SoftmaxOutput.of(rule, "labels", opt)));
        WeightInit bu = WeightInit.uniform(-0.5, 0.5);
        Plasticity counterHebb = new Plasticity("counter-hebb", PhaseKind.SUPERVISED);
        List<ProjectionSpec> projs = List.of(
                new ProjectionSpec("input", "h1", 1, bu, counterHebb),
                new ProjectionSpec("h1", "h2", 1, bu, counterHebb),
                new ProjectionSpec("h2", "out", 1, bu, counterHebb),
                new ProjectionSpec("labels", "out", 1, WeightInit.constant(0)),
                new ProjectionSpec("task", "h2", 1, WeightInit.uniform(-0.2, 1.0)),
                new ProjectionSpec("out", "h2", 1, td),
                new ProjectionSpec("h2", "h1", 1, td));
        return new NetworkSpec(pops, projs, 1.0, TestNetworks.SEED);
    }

    static float[] init(int id, int pre, int post, WeightInit init) {
        return new TestNetworks.Net(new int[] {1, 1}, 1, 1, List.of(), List.of(), false, init, init)
                .initialWeights(id, pre, post, init);
    }

    /** The three passes and the updates written as one loop over the kernels. */
    static final class Direct {
        final boolean separate;
        final int batch;
        final float[] w1 = init(0, IN, H1, WeightInit.uniform(-0.5, 0.5));
        final float[] w2 = init(1, H1, H2, WeightInit.uniform(-0.5, 0.5));
        final float[] w3 = init(2, H2, CLASSES, WeightInit.uniform(-0.5, 0.5));
        final float[] u = init(4, TASKS, H2, WeightInit.uniform(-0.2, 1.0));
        final float[] m2;
        final float[] m1;
        final float[] b1 = new float[H1];
        final float[] b2 = new float[H2];
        final float[] b3 = new float[CLASSES];
        final List<Optimiser.Parameter> params = new ArrayList<>();
        final Optimiser opt;
        final Kernels kernels = Kernels.java();
        final MatrixProduct product = kernels.product();
        final CounterHebbRule ch = kernels.counterHebb();
        final ErrorPropagation transpose = kernels.errorPropagation(ErrorFeedback.backprop(Activation.IDENTITY));
        long examples;

        Direct(int batch, boolean separate, Optimiser opt, WeightInit td) {
            this.batch = batch;
            this.separate = separate;
            this.opt = opt;
            this.m2 = separate ? init(5, CLASSES, H2, td) : null;
            this.m1 = separate ? init(6, H2, H1, td) : null;
        }

        /** {@code F^T v} for the layer above: {@code W^T v} (shared) or {@code M v} (separate). */
        float[] down(float[] wAbove, int rows, int cols, float[] mine, float[] v) {
            float[] out = new float[batch * cols];
            if (separate) {
                product.multiply(mine, cols, rows, v, batch, out);
            } else {
                transpose.propagate(wAbove, rows, cols, v, new float[batch * cols], batch, out);
            }
            return out;
        }

        float[] layer(float[] w, float[] b, int rows, int cols, float[] in, float[] gate) {
            float[] a = new float[batch * rows];
            product.multiply(w, rows, cols, in, batch, a);
            for (int e = 0; e < batch; e++) {
                for (int i = 0; i < rows; i++) {
                    a[e * rows + i] += b[i];
                }
            }
            Activation.RELU.apply(a, a);
            Gates.galu(a, gate, a);
            return a;
        }

        CrossEntropy.Score train(float[] x, float[] tau, float[] y) {
            float[] t2 = new float[batch * H2];
            product.multiply(u, H2, TASKS, tau, batch, t2);
            Activation.RELU.apply(t2, t2);
            float[] t1 = separate ? down(null, H2, H1, m1, t2) : down(w2, H2, H1, null, t2);
            Activation.RELU.apply(t1, t1);
            float[] a1 = layer(w1, b1, H1, IN, x, t1);
            float[] a2 = layer(w2, b2, H2, H1, a1, t2);
            float[] z = new float[batch * CLASSES];
            product.multiply(w3, CLASSES, H2, a2, batch, z);
            for (int e = 0; e < batch; e++) {
                for (int k = 0; k < CLASSES; k++) {
                    z[e * CLASSES + k] += b3[k];
                }
            }
            float[] e3 = new float[batch * CLASSES];
            CrossEntropy.Score s = CrossEntropy.outputError(z, y, CLASSES, batch, 1.0 / batch, null, e3);
            float[] d2 = separate ? down(null, CLASSES, H2, m2, e3) : down(w3, CLASSES, H2, null, e3);
            Gates.galu(d2, a2, d2);
            float[] d1 = separate ? down(null, H2, H1, m1, d2) : down(w2, H2, H1, null, d2);
            Gates.galu(d1, a1, d1);
            double lr = opt.rate(examples);
            step(w3, grad(e3, CLASSES, a2, H2), lr);
            step(b3, bias(e3, CLASSES), lr);
            step(w2, grad(d2, H2, a1, H1), lr);
            step(b2, bias(d2, H2), lr);
            step(u, grad(d2, H2, tau, TASKS), lr);
            step(w1, grad(d1, H1, x, IN), lr);
            step(b1, bias(d1, H1), lr);
            if (separate) {
                step(m2, grad(a2, H2, e3, CLASSES), lr);
                step(m1, grad(a1, H1, d2, H2), lr);
            }
            examples += batch;
            return s;
        }

        float[] grad(float[] post, int nPost, float[] pre, int nPre) {
            float[] g = new float[nPost * nPre];
            ch.gradient(post, nPost, pre, nPre, batch, BatchReduction.SUM, g);
            return g;
        }

        float[] bias(float[] post, int nPost) {
            float[] g = new float[nPost];
            CounterHebbRule.biasGradient(post, nPost, batch, BatchReduction.SUM, g);
            return g;
        }

        private final java.util.Map<float[], Optimiser.Parameter> byArray = new java.util.IdentityHashMap<>();

        void step(float[] w, float[] g, double lr) {
            byArray.computeIfAbsent(w, opt::parameter).step(g, lr);
        }
    }

    static Data random(int batch, int batches, long seed) {
        Random r = new Random(seed);
        List<float[]> xs = new ArrayList<>();
        List<float[]> tasks = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        for (int k = 0; k < batches; k++) {
            float[] x = new float[batch * IN];
            float[] t = new float[batch * TASKS];
            float[] y = new float[batch * CLASSES];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < IN; i++) {
                    x[b * IN + i] = 2 * r.nextFloat() - 1;
                }
                t[b * TASKS + r.nextInt(TASKS)] = 1;
                y[b * CLASSES + r.nextInt(CLASSES)] = 1;
            }
            xs.add(x);
            tasks.add(t);
            ys.add(y);
        }
        return new Data(batch, xs, tasks, ys);
    }

    @ParameterizedTest(name = "separate TD weights {0}, {1}")
    @CsvSource({"false, sgd", "false, adam", "true, sgd", "true, adam"})
    void theEnginePassesReproduceThePlainLoop(boolean separate, String optimiser) {
        Optimiser opt = optimiser.equals("sgd") ? Optimiser.sgd(0.2) : Optimiser.adam(0.01);
        WeightInit td = WeightInit.uniform(-0.5, 0.5);
        Data d = random(8, 6, 4);
        java.util.Set<Integer> probed = separate ? java.util.Set.of(0, 1, 2, 4, 5, 6) : java.util.Set.of(0, 1, 2, 4);
        TestNetworks.Run run = TestNetworks.run(testKit.system(), spec(d, separate, opt, td), "supervised",
                PERIOD * 8L, TestNetworks.JAVA, probed);
        Direct direct = new Direct(8, separate, opt, td);
        List<Double> loss = run.metric("loss");
        for (int k = 0; k < 6; k++) {
            CrossEntropy.Score s = direct.train(d.xs().get(k), d.tasks().get(k), d.ys().get(k));
            assertEquals(s.meanLoss(), loss.get(k), 1e-6 * s.meanLoss(), "minibatch " + k);
        }
        float[][] expected = {direct.w1, direct.w2, direct.w3, null, direct.u, direct.m2, direct.m1};
        for (int j : probed) {
            double rel = TestNetworks.relative(run.lastWeights().get(j), expected[j]);
            assertTrue(rel <= 1e-5, "projection " + j + ": relative difference " + rel);
        }
        double moved = TestNetworks.relative(init(0, IN, H1, WeightInit.uniform(-0.5, 0.5)), direct.w1);
        assertTrue(moved > 1e-3, "the first layer learned: " + moved);
    }

    /** Task 0: the label is the class of the input's first half; task 1: of its second half. */
    @Test
    void learnsTwoTasksOnTheSameInput() {
        int batch = 16;
        int batches = 150;
        Random r = new Random(5);
        float[][] prototypes = new float[CLASSES][IN / 2];
        for (float[] p : prototypes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = r.nextBoolean() ? 1 : -1;
            }
        }
        List<float[]> xs = new ArrayList<>();
        List<float[]> tasks = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        for (int k = 0; k < batches; k++) {
            float[] x = new float[batch * IN];
            float[] t = new float[batch * TASKS];
            float[] y = new float[batch * CLASSES];
            for (int b = 0; b < batch; b++) {
                int left = r.nextInt(CLASSES);
                int right = r.nextInt(CLASSES);
                for (int i = 0; i < IN / 2; i++) {
                    x[b * IN + i] = prototypes[left][i] + 0.5f * (float) r.nextGaussian();
                    x[b * IN + IN / 2 + i] = prototypes[right][i] + 0.5f * (float) r.nextGaussian();
                }
                int task = r.nextInt(TASKS);
                t[b * TASKS + task] = 1;
                y[b * CLASSES + (task == 0 ? left : right)] = 1;
            }
            xs.add(x);
            tasks.add(t);
            ys.add(y);
        }
        Optimiser opt = Optimiser.adam(0.01);
        TestNetworks.Run run = TestNetworks.run(testKit.system(),
                spec(new Data(batch, xs, tasks, ys), false, opt, WeightInit.constant(0)), "supervised",
                (long) PERIOD * batches + 10, TestNetworks.JAVA, false);
        List<Double> correct = run.metric("correct");
        assertEquals(batches, correct.size());
        double late = correct.subList(batches - 20, batches).stream().mapToDouble(Double::doubleValue).sum()
                / (20.0 * batch);
        assertTrue(late >= 0.9, "accuracy over both tasks, last 20 minibatches: " + late);
    }
}
