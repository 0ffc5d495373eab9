package org.lamina.neurons.readout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.OutputLoss;
import org.lamina.neurons.supervised.Optimiser;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.Emission;
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
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/**
 * A readout whose features arrive as spikes counts them until the labels come and learns from
 * the rates count / T: exactly what it learns from those rates sent as dense features.
 */
class SpikeFeaturesTest {
    static final int FEATURES = 6;
    static final int CLASSES = 3;
    static final int BATCH = 4;
    static final int T = 4;

    static PopulationModel readout(int spikeSteps) {
        ReadoutLayer layer = new ReadoutLayer("hidden", "labels", Optimiser.adam(0.05), OutputLoss.CROSS_ENTROPY, 0, false,
                spikeSteps);
        CounterRng rng = CounterRng.stream(1, CounterRng.WEIGHT_INIT, 0);
        List<IncomingProjection> in = List.of(
                new IncomingProjection(0, "hidden", FEATURES, CLASSES, 1, WeightInit.normal(0, 0.1),
                        new Plasticity(ReadoutLayer.RULE, PhaseKind.READOUT), rng),
                new IncomingProjection(1, "labels", CLASSES, CLASSES, 1, WeightInit.constant(0), Plasticity.NONE, rng));
        PopulationModel m = layer.create(new PopulationContext(2, "readout", CLASSES, BATCH, 1.0,
                CounterRng.stream(1, CounterRng.POPULATION, 2), in, Services.of(Kernels.java())));
        m.phase(new Phase("readout", PhaseKind.READOUT, new TreeSet<>(List.of(0))), true);
        return m;
    }

    /** Records the metrics each step reports. */
    static final class Metrics implements Emitter {
        final TreeMap<String, List<Double>> values = new TreeMap<>();

        @Override
        public void spikes(int[] offsets, int[] indices) {
        }

        @Override
        public void dense(float[] values, int width) {
        }

        @Override
        public void metric(String name, double value) {
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }

        @Override
        public void metric(String name, int example, double value) {
        }
    }

    static StepInputs arrivals(List<StepInputs.Arrival> a) {
        return () -> a;
    }

    @Test
    void spikeCountsOverTStepsTeachWhatTheirRatesTeach() {
        Random r = new Random(9);
        PopulationModel spiking = readout(T);
        PopulationModel dense = readout(0);
        Metrics a = new Metrics();
        Metrics b = new Metrics();
        long step = 10;
        for (int presentation = 0; presentation < 20; presentation++) {
            float[] labels = new float[BATCH * CLASSES];
            float[] rates = new float[BATCH * FEATURES];
            int[][][] fired = new int[T][BATCH][];
            for (int e = 0; e < BATCH; e++) {
                int label = r.nextInt(CLASSES);
                labels[e * CLASSES + label] = presentation % 7 == 3 && e == 0 ? 0 : 1; // a padding row now and then
                for (int t = 0; t < T; t++) {
                    List<Integer> on = new ArrayList<>();
                    for (int f = 0; f < FEATURES; f++) {
                        if (r.nextDouble() < (f == label ? 0.8 : 0.2)) {
                            on.add(f);
                            rates[e * FEATURES + f] += 1f / T;
                        }
                    }
                    fired[t][e] = on.stream().mapToInt(Integer::intValue).toArray();
                }
            }
            for (int t = 0; t < T; t++) {
                List<StepInputs.Arrival> in = new ArrayList<>();
                in.add(new StepInputs.Arrival(0, spikes(step, fired[t])));
                if (t == T - 1) {
                    in.add(new StepInputs.Arrival(1, new DenseEmission(step, BATCH, CLASSES, labels)));
                }
                spiking.step(step, arrivals(in), a);
                step++;
            }
            dense.step(step, arrivals(List.of(new StepInputs.Arrival(0, new DenseEmission(step, BATCH, FEATURES, rates)),
                    new StepInputs.Arrival(1, new DenseEmission(step, BATCH, CLASSES, labels)))), b);
        }
        assertEquals(20, a.values.get("loss").size(), "one learning step per presentation, at its labels");
        assertEquals(b.values, a.values);
        assertTrue(a.values.get("correct").stream().mapToDouble(Double::doubleValue).sum() > 0);
    }

    @Test
    void spikesNeedTheScenariosPresentationLength() {
        PopulationModel m = readout(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.step(1,
                arrivals(List.of(new StepInputs.Arrival(0, spikes(1, new int[][] {{0}, {}, {1}, {}})))), new Metrics()));
        assertTrue(e.getMessage().contains("hidden sends spikes"), e.getMessage());
    }

    static Emission spikes(long step, int[][] fired) {
        int[] offsets = new int[BATCH + 1];
        List<Integer> indices = new ArrayList<>();
        for (int e = 0; e < BATCH; e++) {
            for (int i : fired[e]) {
                indices.add(i);
            }
            offsets[e + 1] = indices.size();
        }
        return new SpikeEmission(step, BATCH, offsets, indices.stream().mapToInt(Integer::intValue).toArray());
    }
}
