package org.lamina.neurons.lif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

class LifInhibitionTest {

    private static final class Recorder implements Emitter {
        final List<int[]> spikes = new ArrayList<>();

        @Override
        public void spikes(int[] offsets, int[] indices) {
            spikes.add(java.util.Arrays.copyOf(indices, offsets[offsets.length - 1]));
        }

        @Override
        public void dense(float[] values, int width) {
        }

        @Override
        public void metric(String name, double value) {
        }


        @Override

        public void metric(String name, int example, double value) {

        }
    }

    private static PopulationModel model(LifInhibition p, int size, double dt) {
        IncomingProjection in = new IncomingProjection(0, "drive", size, size, 1, WeightInit.constant(0), Plasticity.NONE,
                CounterRng.stream(1, CounterRng.WEIGHT_INIT, 0));
        PopulationModel m = p.create(new PopulationContext(1, "lif", size, 1, dt,
                CounterRng.stream(1, CounterRng.POPULATION, 1), List.of(in), Services.of(Kernels.java())));
        float[] w = m.weights(0);
        for (int i = 0; i < size; i++) {
            w[i * size + i] = 1f; // identity: unit i gets input i
        }
        return m;
    }

    /** Below threshold, exponential Euler follows v(t) = I (1 - exp(-t/tau)) exactly. */
    @Test
    void subthresholdResponseMatchesTheExactSolution() {
        double tau = 10;
        double dt = 0.5;
        PopulationModel m = model(new LifInhibition(tau, 1.0, 0.0, 0), 2, dt);
        float[] drive = {0.9f, 0.3f};
        Recorder out = new Recorder();
        for (int s = 0; s < 400; s++) {
            long step = s;
            StepInputs in = () -> List.of(new StepInputs.Arrival(0, new DenseEmission(step - 1, 1, 2, drive)));
            m.step(step, in, out);
            float[] v = m.state().get(0).values();
            double t = (s + 1) * dt;
            for (int i = 0; i < 2; i++) {
                assertEquals(drive[i] * (1 - Math.exp(-t / tau)), v[i], 2e-5, "unit " + i + " at t=" + t);
            }
        }
        assertTrue(out.spikes.stream().allMatch(a -> a.length == 0));
    }

    /** Above threshold a unit fires periodically: period = refractory + time to reach threshold. */
    @Test
    void suprathresholdDriveFiresAtThePredictedPeriodAndInhibitionSilencesTheWeaker() {
        double tau = 10;
        double dt = 0.1;
        int refractory = 20;
        PopulationModel alone = model(new LifInhibition(tau, 1.0, 0.0, refractory), 2, dt);
        float[] drive = {2.0f, 1.6f};
        List<Integer> firstUnitSpikes = run(alone, drive, 3000);
        double toThreshold = -tau * Math.log(1 - 1.0 / drive[0]); // ms from 0 to threshold
        int expectedPeriod = refractory + (int) Math.ceil(toThreshold / dt);
        for (int k = 2; k < firstUnitSpikes.size(); k++) {
            assertEquals(expectedPeriod, firstUnitSpikes.get(k) - firstUnitSpikes.get(k - 1), 1);
        }

        long weakAlone = countSpikes(model(new LifInhibition(tau, 1.0, 0.0, refractory), 2, dt), drive, 1);
        long strongInhibited = countSpikes(model(new LifInhibition(tau, 1.0, 0.8, refractory), 2, dt), drive, 0);
        long weakInhibited = countSpikes(model(new LifInhibition(tau, 1.0, 0.8, refractory), 2, dt), drive, 1);
        assertTrue(strongInhibited > 10, "the strongly driven unit keeps firing: " + strongInhibited);
        assertTrue(weakInhibited * 2 < weakAlone,
                "inhibition suppresses the weaker unit: " + weakInhibited + " spikes vs " + weakAlone + " alone");
    }

    private static long countSpikes(PopulationModel m, float[] drive, int unit) {
        Recorder out = new Recorder();
        for (int s = 0; s < 3000; s++) {
            long step = s;
            m.step(step, () -> List.of(new StepInputs.Arrival(0, new DenseEmission(step - 1, 1, 2, drive))), out);
        }
        return out.spikes.stream().flatMapToInt(java.util.Arrays::stream).filter(i -> i == unit).count();
    }

    private static List<Integer> run(PopulationModel m, float[] drive, int steps) {
        Recorder out = new Recorder();
        List<Integer> spikeSteps = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            long step = s;
            int before = out.spikes.size();
            m.step(step, () -> List.of(new StepInputs.Arrival(0, new DenseEmission(step - 1, 1, 2, drive))), out);
            if (out.spikes.size() > before && java.util.Arrays.stream(out.spikes.get(before)).anyMatch(i -> i == 0)) {
                spikeSteps.add(s);
            }
        }
        return spikeSteps;
    }
}
