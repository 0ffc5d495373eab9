package org.lamina.neurons.readout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.OutputLoss;
import org.lamina.neurons.supervised.Optimiser;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/**
 * A readout records its bias and feature standardisation with its weights, and a readout given
 * those weights with them predicts exactly as the one that learnt them (what from-run restores).
 */
class ReadoutExtrasTest {
    static final int FEATURES = 5;
    static final int CLASSES = 3;
    static final int BATCH = 4;
    /** The standardiser measures the first epoch: 10 minibatches. */
    static final int EPOCH = 40;

    static final ReadoutLayer LAYER = new ReadoutLayer("hidden", "labels", Optimiser.adam(0.05).decaying(1.0, EPOCH),
            OutputLoss.CROSS_ENTROPY, 0, true);

    static PopulationContext context(WeightInit init) {
        CounterRng rng = CounterRng.stream(1, CounterRng.WEIGHT_INIT, 0);
        List<IncomingProjection> in = List.of(
                new IncomingProjection(0, "hidden", FEATURES, CLASSES, 1, init,
                        new Plasticity(ReadoutLayer.RULE, PhaseKind.READOUT), rng),
                new IncomingProjection(1, "labels", CLASSES, CLASSES, 1, WeightInit.constant(0), Plasticity.NONE, rng));
        return new PopulationContext(2, "readout", CLASSES, BATCH, 1.0, CounterRng.stream(1, CounterRng.POPULATION, 2), in,
                Services.of(Kernels.java()));
    }

    /** Minibatches of features on very different scales (as power features are), labelled by the largest scaled one. */
    static List<float[][]> minibatches(int n, long seed) {
        Random r = new Random(seed);
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[BATCH * FEATURES];
            float[] y = new float[BATCH * CLASSES];
            for (int b = 0; b < BATCH; b++) {
                for (int f = 0; f < FEATURES; f++) {
                    x[b * FEATURES + f] = (float) ((f + 1) * 10 + (f + 1) * r.nextGaussian());
                }
                y[b * CLASSES + r.nextInt(CLASSES)] = 1;
            }
            out.add(new float[][] {x, y});
        }
        return out;
    }

    /** Steps {@code m} through the minibatches in {@code phase}; the losses and the correct counts it reports. */
    static List<Double> present(PopulationModel m, Phase phase, List<float[][]> batches) {
        m.phase(phase, true);
        SpikeFeaturesTest.Metrics out = new SpikeFeaturesTest.Metrics();
        long step = 1;
        for (float[][] xy : batches) {
            m.step(step, () -> List.of(new StepInputs.Arrival(0, new DenseEmission(step, BATCH, FEATURES, xy[0])),
                    new StepInputs.Arrival(1, new DenseEmission(step, BATCH, CLASSES, xy[1]))), out);
        }
        m.phase(phase, false);
        List<Double> seen = new ArrayList<>(out.values.get("loss"));
        seen.addAll(out.values.get("correct"));
        return seen;
    }

    @Test
    void aReadoutGivenTheWeightsWithTheirExtrasPredictsAsTheOneThatLearntThem() {
        Phase learn = new Phase("readout", PhaseKind.READOUT, new TreeSet<>(List.of(0)));
        Phase test = new Phase("test", PhaseKind.TEST, new TreeSet<>());
        List<float[][]> heldOut = minibatches(8, 2);
        try (PopulationModel learnt = LAYER.create(context(WeightInit.normal(0, 0.1)))) {
            present(learnt, learn, minibatches(25, 1));
            float[] w = learnt.weights(0).clone();
            SortedMap<String, float[]> extras = learnt.weightExtras(0);
            assertEquals(List.of(ReadoutLayer.BIAS, ReadoutLayer.FEATURE_SCALE, ReadoutLayer.FEATURE_SHIFT),
                    List.copyOf(extras.keySet()));
            assertTrue(learnt.weightExtras(1).isEmpty(), "the labels' projection learns nothing");
            List<Double> expected = present(learnt, test, heldOut);
            try (PopulationModel restored = LAYER.create(context(WeightInit.given(w, extras, "learnt")));
                 PopulationModel weightsOnly = LAYER.create(context(WeightInit.given(w, "learnt")))) {
                for (String name : extras.keySet()) {
                    assertArrayEquals(extras.get(name), restored.weightExtras(0).get(name), name);
                }
                assertEquals(expected, present(restored, test, heldOut));
                // Without them the bias restarts at 0 and the statistics are measured again on these features.
                assertNotEquals(expected, present(weightsOnly, test, heldOut));
            }
        }
    }

    @Test
    void beforeItsFirstEpochEndsAReadoutRecordsItsBiasOnly() {
        try (PopulationModel m = LAYER.create(context(WeightInit.normal(0, 0.1)))) {
            present(m, new Phase("readout", PhaseKind.READOUT, new TreeSet<>(List.of(0))), minibatches(3, 1));
            assertEquals(List.of(ReadoutLayer.BIAS), List.copyOf(m.weightExtras(0).keySet()));
        }
    }

    @Test
    void extrasOfTheWrongSizeOrKindAreRefusedBeforeTheRun() {
        float[] w = new float[CLASSES * FEATURES];
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> LAYER.checkIncoming(
                context(WeightInit.given(w, new TreeMap<>(Map.of(ReadoutLayer.BIAS, new float[7])), "run-a#x -> y"))));
        assertTrue(size.getMessage().contains("come with a bias of 7 values; this readout needs 3"), size.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> LAYER.checkIncoming(
                context(WeightInit.given(w, new TreeMap<>(Map.of("moments", new float[3])), "run-a#x -> y"))));
        assertTrue(unknown.getMessage().contains("'moments', which a readout does not know"), unknown.getMessage());
    }
}
