package org.lamina.neurons.readout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.OutputLoss;
import org.lamina.neurons.supervised.Optimiser;
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
 * A readout restored from a checkpoint learns and predicts exactly what the original would have:
 * while its standardisation is still being measured and after it froze, with Adam's moments and
 * the decay's count, and mid presentation of spike-coded features.
 */
class ReadoutCheckpointTest {
    static final int FEATURES = 6;
    static final int CLASSES = 3;
    static final int BATCH = 4;
    static final int T = 3;

    /**
     * 10 presentations of T steps in a readout phase, then 4 in a test phase; labels arrive at a
     * presentation's last step (with dense features, alone on the others). The first minibatch has
     * a padding row, so the standardisation's 8 examples end inside the third, in which only the
     * first spike step sends spikes (the others' counts are pending across them).
     */
    static ResumeCheck check(boolean spikes) {
        ReadoutLayer layer = new ReadoutLayer("hidden", "labels", Optimiser.adam(0.05).decaying(0.5, 8),
                OutputLoss.CROSS_ENTROPY, 0.01, true, spikes ? T : 0);
        CounterRng rng = CounterRng.stream(1, CounterRng.WEIGHT_INIT, 0);
        List<IncomingProjection> in = List.of(
                new IncomingProjection(0, "hidden", FEATURES, CLASSES, 1, WeightInit.normal(0, 0.1),
                        new Plasticity(ReadoutLayer.RULE, PhaseKind.READOUT), rng),
                new IncomingProjection(1, "labels", CLASSES, CLASSES, 1, WeightInit.constant(0), Plasticity.NONE, rng));
        Phase readout = new Phase("readout", PhaseKind.READOUT, new TreeSet<>(List.of(0)));
        Phase test = Phase.fixed("test", PhaseKind.TEST);
        Random r = new Random(9);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int k = 0; k < 14; k++) {
            float[] labels = new float[BATCH * CLASSES];
            float[] rates = new float[BATCH * FEATURES];
            int[][][] fired = new int[T][BATCH][];
            for (int e = 0; e < BATCH; e++) {
                int label = r.nextInt(CLASSES);
                labels[e * CLASSES + label] = k == 0 && e == 1 ? 0 : 1;
                for (int t = 0; t < T; t++) {
                    List<Integer> on = new ArrayList<>();
                    for (int f = 0; f < FEATURES; f++) {
                        if (r.nextDouble() < (f == label ? 0.8 : 0.3)) {
                            on.add(f);
                            rates[e * FEATURES + f] += 10f / T; // features far from standard
                        }
                    }
                    fired[t][e] = on.stream().mapToInt(Integer::intValue).toArray();
                }
            }
            for (int t = 0; t < T; t++) {
                long s = (long) k * T + t;
                List<StepInputs.Arrival> arrivals = new ArrayList<>();
                if (spikes) {
                    if (!(k == 2 && t > 0)) {
                        arrivals.add(new StepInputs.Arrival(0, SpikeFeaturesTest.spikes(s, fired[t])));
                    }
                } else if (t == T - 1) {
                    arrivals.add(new StepInputs.Arrival(0, new DenseEmission(s, BATCH, FEATURES, rates)));
                }
                if (t == T - 1) {
                    arrivals.add(new StepInputs.Arrival(1, new DenseEmission(s, BATCH, CLASSES, labels)));
                }
                ResumeCheck.Step step = ResumeCheck.Step.of(s, arrivals);
                script.add(s == 0 ? step.beginning(readout) : k == 10 && t == 0 ? step.ending(readout).beginning(test)
                        : step);
            }
        }
        return new ResumeCheck(() -> layer.create(new PopulationContext(2, "readout", CLASSES, BATCH, 1.0,
                CounterRng.stream(1, CounterRng.POPULATION, 2), in, Services.of(Kernels.java()))), BATCH, script, 0);
    }

    /** Mid presentation while measuring (7) and after the standardisation froze (13), at an epoch's end, and testing. */
    @ParameterizedTest(name = "spike-coded {0}")
    @ValueSource(booleans = {false, true})
    void resumesExactly(boolean spikes) {
        ResumeCheck check = check(spikes);
        for (int at : new int[] {4, 7, 9, 13, 17, 34}) {
            check.resumesExactlyAfter(at);
        }
    }

    /**
     * Mid presentation while the standardisation is measured, every saved name shows but the
     * standardisation itself, which the next minibatch recomputes from the running statistics.
     */
    @Test
    void everySavedNameIsNeeded() {
        assertEquals(Set.of("standardiser.scale", "standardiser.shift"), check(true).namesNotShownNeeded(7));
        // Dense features leave no spike counts; once frozen the running statistics are no longer read.
        assertEquals(Set.of("spike_counts", "spikes_pending", "standardiser.m2", "standardiser.mean"),
                check(false).namesNotShownNeeded(13));
    }

    @Test
    void aStateWithoutAdamsMomentsIsRefused() {
        ResumeCheck check = check(true);
        ModelState saved = check.resumesExactlyAfter(7);
        check.refusesStateWithout(saved, "weights.adam_v");
        check.refusesStateWithout(saved, "standardiser.m2");
        check.refusesStateWithout(saved, "spike_counts");
    }
}
