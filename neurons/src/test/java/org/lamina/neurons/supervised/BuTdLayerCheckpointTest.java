package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
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
 * A BU–TD hidden layer restored from a checkpoint goes on exactly as the original, top or lower,
 * with shared or separate TD weights: with its task pass waiting for the bottom-up input or the
 * other way round, between a minibatch's forward pass and its error, with messages waiting to be
 * sent, with Adam's moments and the decay's count, and into a test phase.
 */
class BuTdLayerCheckpointTest {
    static final int BATCH = 3;
    static final int N_IN = 8;
    static final int N = 6;
    static final int N_ABOVE = 4;
    static final int TASKS = 2;
    static final Optimiser ADAM = Optimiser.adam(0.01).decaying(0.5, 9);
    static final Phase LEARN = new Phase("supervised", PhaseKind.SUPERVISED, new TreeSet<>(List.of(0)));
    static final Phase TEST = Phase.fixed("test", PhaseKind.TEST);

    static IncomingProjection projection(int id, String source, int from, WeightInit init, boolean learns) {
        return new IncomingProjection(id, source, from, N, 1, init,
                learns ? new Plasticity("counter-hebb", PhaseKind.SUPERVISED) : Plasticity.NONE,
                CounterRng.stream(6, CounterRng.WEIGHT_INIT, id));
    }

    static DenseEmission dense(Random r, long step, int width, int channel) {
        return new DenseEmission(step - 1, BATCH, width, SupervisedCheckpointTest.random(r, BATCH * width), channel);
    }

    /**
     * Minibatch k's task pass and bottom-up input arrive at step 4k (minibatch 1's task pass a step
     * after its input, minibatch 3's input a step after its task pass), its error at 4k + 3; the
     * third error is all zero. Steps 20-31 test. Projections: 0 bottom-up, 1 from the layer above
     * (errors, and the task pass in a lower layer), 2 the task vectors (top layer only).
     */
    static ResumeCheck check(boolean top, boolean separate) {
        BuTdLayer layer = top ? BuTdLayer.top(separate, "out", "task", ADAM) : BuTdLayer.below(separate, "above", false, ADAM);
        List<IncomingProjection> in = new ArrayList<>(List.of(projection(0, "below", N_IN, WeightInit.uniform(-0.5, 0.5), true),
                projection(1, top ? "out" : "above", N_ABOVE, WeightInit.uniform(-0.5, 0.5), false)));
        if (top) {
            in.add(projection(2, "task", TASKS, WeightInit.uniform(-0.2, 1.0), false));
        }
        int fromAbove = separate ? N_ABOVE : N;
        Random r = new Random(7);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 32; s++) {
            List<StepInputs.Arrival> arrivals = new ArrayList<>();
            int k = s / 4;
            if (s % 4 == 3) {
                DenseEmission e = k == 2 ? new DenseEmission(s - 1, BATCH, fromAbove, new float[BATCH * fromAbove],
                        Channels.TOP_DOWN) : dense(r, s, fromAbove, Channels.TOP_DOWN);
                arrivals.add(new StepInputs.Arrival(1, e));
            }
            if (s % 4 == (k == 1 ? 1 : 0)) {
                float[] tasks = new float[BATCH * TASKS];
                for (int b = 0; b < BATCH; b++) {
                    tasks[b * TASKS + r.nextInt(TASKS)] = 1;
                }
                arrivals.add(top ? new StepInputs.Arrival(2, new DenseEmission(s - 1, BATCH, TASKS, tasks))
                        : new StepInputs.Arrival(1, dense(r, s, fromAbove, Channels.TASK)));
            }
            if (s % 4 == (k == 3 ? 1 : 0)) {
                arrivals.add(new StepInputs.Arrival(0, dense(r, s, N_IN, Channels.BOTTOM_UP)));
            }
            ResumeCheck.Step step = ResumeCheck.Step.of(s, arrivals);
            script.add(s == 0 ? step.beginning(LEARN) : s == 20 ? step.ending(LEARN).beginning(TEST) : step);
        }
        return new ResumeCheck(() -> layer.create(new PopulationContext(2, "hidden", N, BATCH, 1.0,
                CounterRng.stream(6, CounterRng.POPULATION, 2), in, Services.of(Kernels.java()))), BATCH, script,
                top ? new int[] {0, 1, 2} : new int[] {0, 1});
    }

    @ParameterizedTest(name = "top {0}, separate {1}")
    @CsvSource({"true, false", "true, true", "false, false", "false, true"})
    void resumesExactly(boolean top, boolean separate) {
        ResumeCheck check = check(top, separate);
        for (int at : new int[] {1, 2, 3, 5, 6, 9, 13, 14, 17, 21, 26}) {
            check.resumesExactlyAfter(at);
        }
    }

    /**
     * Each saved name shows at one of: mid round trip with a message waiting (1), a minibatch's
     * start (4), its input waiting for the task pass (5) and the task pass waiting for the input
     * (13); a lower layer has no task vectors to save.
     */
    @ParameterizedTest(name = "top {0}, separate {1}")
    @CsvSource({"true, false", "true, true", "false, false", "false, true"})
    void everySavedNameIsNeeded(boolean top, boolean separate) {
        ResumeCheck check = check(top, separate);
        Set<String> notShown = new TreeSet<>(check.namesNotShownNeeded(1));
        for (int at : new int[] {4, 5, 13}) {
            notShown.retainAll(check.namesNotShownNeeded(at));
        }
        assertEquals(top ? Set.of() : Set.of("task_input"), notShown);
    }

    @Test
    void aStateWithoutTheMinibatchInFlightIsRefused() {
        ResumeCheck check = check(true, true);
        ModelState saved = check.resumesExactlyAfter(13);
        for (String name : List.of("task", "task_input", "have_task", "outbox.values", "task_weights.adam_m", "td_weights")) {
            check.refusesStateWithout(saved, name);
        }
    }
}
