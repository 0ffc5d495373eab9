package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.neurons.testing.ResumeCheck;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/**
 * The populations of a supervised network (bp-mnist's supervised-layer and softmax-output)
 * restored from a checkpoint go on exactly as the originals: between a minibatch's forward pass
 * and its error, with a message still waiting to be sent, with labels waiting for their
 * minibatch, with Adam's moments and the decay's count, and into a test phase.
 */
class SupervisedCheckpointTest {
    static final int BATCH = 3;
    static final int N_IN = 8;
    static final int N = 6;
    static final int N_TD = 4;
    static final int CLASSES = 3;
    static final Optimiser ADAM = Optimiser.adam(0.01).decaying(0.5, 9);
    static final Phase LEARN = new Phase("supervised", PhaseKind.SUPERVISED, new TreeSet<>(List.of(0)));
    static final Phase TEST = Phase.fixed("test", PhaseKind.TEST);

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static ResumeCheck.Step phases(ResumeCheck.Step step) {
        return step.step() == 0 ? step.beginning(LEARN) : step.step() == 25 ? step.ending(LEARN).beginning(TEST) : step;
    }

    static IncomingProjection projection(int id, String source, int from, int to, boolean learns) {
        return new IncomingProjection(id, source, from, to, 1, WeightInit.uniform(-0.3, 0.3),
                learns ? new Plasticity("bp", PhaseKind.SUPERVISED) : Plasticity.NONE,
                CounterRng.stream(5, CounterRng.WEIGHT_INIT, id));
    }

    /**
     * A hidden layer: minibatch k arrives bottom-up at step 4k and its error at step 4k + 4, with
     * the next minibatch (so two messages are made and one waits a step); the third error is all
     * zero (padding), the fourth carries a shadow error where the rule tracks the angle. Steps
     * 25-35 test.
     */
    static ResumeCheck hidden(SupervisedRule rule, Activation activation) {
        SupervisedLayer layer = SupervisedLayer.of(activation, rule, "above", ADAM);
        List<IncomingProjection> in = List.of(projection(0, "below", N_IN, N, true),
                projection(1, "above", N_TD, N, false));
        int errorWidth = rule.receiverWeights() ? N_TD : N;
        Random r = new Random(3);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 36; s++) {
            List<StepInputs.Arrival> arrivals = new ArrayList<>();
            if (s % 4 == 0 && s >= 4 && s <= 24) {
                int k = s / 4 - 1;
                boolean shadow = k == 3 && rule.tracksBackpropAngle();
                float[] e = k == 2 ? new float[BATCH * errorWidth] : random(r, BATCH * (errorWidth + (shadow ? N : 0)));
                arrivals.add(new StepInputs.Arrival(1, new DenseEmission(s - 1, BATCH, e.length / BATCH, e,
                        Channels.TOP_DOWN)));
            }
            if (s % 4 == 0 && s != 24) {
                arrivals.add(new StepInputs.Arrival(0, new DenseEmission(s - 1, BATCH, N_IN, random(r, BATCH * N_IN))));
            }
            script.add(phases(ResumeCheck.Step.of(s, arrivals)));
        }
        return new ResumeCheck(() -> layer.create(new PopulationContext(2, "hidden", N, BATCH, 1.0,
                CounterRng.stream(5, CounterRng.POPULATION, 2), in, Services.of(Kernels.java()))), BATCH, script, 0, 1);
    }

    /**
     * The output: minibatch k's labels arrive at step 4k, with the second minibatch's before the
     * first's features (step 4k + 2, so two label rows wait at once), its features at 4k + 2; a
     * padding row in the second, the fourth all padding. Steps 25-35 test.
     */
    static ResumeCheck output(boolean tasks) {
        SupervisedRule rule = SupervisedRule.of(SupervisedRule.Rule.FA);
        SoftmaxOutput out = new SoftmaxOutput(rule, "labels", BatchReduction.MEAN, 2, true, ADAM);
        if (tasks) {
            out = out.withTasks("tasks", List.of("a", "b"));
        }
        SoftmaxOutput model = out;
        List<IncomingProjection> in = new ArrayList<>(List.of(projection(0, "hidden", N, CLASSES, true),
                projection(1, "labels", CLASSES, CLASSES, false)));
        if (tasks) {
            in.add(projection(2, "tasks", 2, CLASSES, false));
        }
        Random r = new Random(4);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 36; s++) {
            List<StepInputs.Arrival> arrivals = new ArrayList<>();
            int k = s / 4;
            if (s % 4 == 0 && s != 4 && s != 24 || s == 1) { // minibatch 1's labels at step 1, before minibatch 0's features
                float[] labels = new float[BATCH * CLASSES];
                float[] task = new float[BATCH * 2];
                int mb = s == 1 ? 1 : k;
                for (int b = 0; b < BATCH; b++) {
                    if (!(mb == 1 && b == 0) && mb != 3) {
                        labels[b * CLASSES + r.nextInt(CLASSES)] = 1;
                        task[b * 2 + r.nextInt(2)] = 1;
                    }
                }
                arrivals.add(new StepInputs.Arrival(1, new DenseEmission(s - 1, BATCH, CLASSES, labels)));
                if (tasks) {
                    arrivals.add(new StepInputs.Arrival(2, new DenseEmission(s - 1, BATCH, 2, task)));
                }
            }
            if (s % 4 == 2 && s != 26) {
                arrivals.add(new StepInputs.Arrival(0, new DenseEmission(s - 1, BATCH, N, random(r, BATCH * N))));
            }
            script.add(phases(ResumeCheck.Step.of(s, arrivals)));
        }
        return new ResumeCheck(() -> model.create(new PopulationContext(3, "out", CLASSES, BATCH, 1.0,
                CounterRng.stream(5, CounterRng.POPULATION, 3), in, Services.of(Kernels.java()))), BATCH, script, 0);
    }

    static final int[] HIDDEN_POINTS = {1, 2, 4, 5, 9, 13, 14, 17, 22, 25, 26, 30};

    @Test
    void aBpLayerResumesExactly() {
        ResumeCheck check = hidden(SupervisedRule.of(SupervisedRule.Rule.BP), Activation.TANH);
        for (int at : HIDDEN_POINTS) {
            check.resumesExactlyAfter(at);
        }
        // Between a minibatch's forward pass and its error, with a message waiting, every name shows but
        // whether the error was seen (not yet, as in a fresh model); after the last error, that shows.
        assertEquals(Set.of("presentations.error_seen"), check.namesNotShownNeeded(17));
        assertFalse(check.namesNotShownNeeded(25).contains("presentations.error_seen"));
    }

    @Test
    void layersWithTheirOwnTopDownWeightsResumeExactly() {
        for (SupervisedRule rule : List.of(SupervisedRule.of(SupervisedRule.Rule.FA), SupervisedRule.counterHebb(true))) {
            ResumeCheck check = hidden(rule, Activation.RELU);
            for (int at : HIDDEN_POINTS) {
                check.resumesExactlyAfter(at);
            }
        }
        assertEquals(Set.of("presentations.error_seen"),
                hidden(SupervisedRule.counterHebb(true), Activation.RELU).namesNotShownNeeded(17));
    }

    @ParameterizedTest(name = "tasks {0}")
    @ValueSource(booleans = {false, true})
    void theOutputResumesExactly(boolean tasks) {
        ResumeCheck check = output(tasks);
        for (int at : new int[] {1, 2, 3, 6, 7, 11, 15, 19, 27, 31}) {
            check.resumesExactlyAfter(at);
        }
    }

    /** With two label rows waiting and an error waiting to be sent, every name shows. */
    @Test
    void everySavedNameOfTheOutputIsNeeded() {
        assertEquals(Set.of(), output(true).namesNotShownNeeded(3));
    }

    @Test
    void aStateWithoutTheWaitingMessagesIsRefused() {
        ResumeCheck check = hidden(SupervisedRule.of(SupervisedRule.Rule.BP), Activation.TANH);
        ModelState saved = check.resumesExactlyAfter(13);
        check.refusesStateWithout(saved, "outbox.values");
        check.refusesStateWithout(saved, "input");
        check.refusesStateWithout(saved, "weights.adam_m");
        ResumeCheck out = output(false);
        out.refusesStateWithout(out.resumesExactlyAfter(3), "labels_waiting");
    }
}
