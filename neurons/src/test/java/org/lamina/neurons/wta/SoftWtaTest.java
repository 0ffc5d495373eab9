package org.lamina.neurons.wta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class SoftWtaTest {

    @Test
    void softmaxMatchesTheDefinitionAndSumsToOne() {
        float[] u = {1f, 2f, 3f, -1f, 0f, 1000f};
        float[] y = new float[6];
        SoftWta.softmax(u, 2, 3, 0.5f, y);
        double z = Math.exp(0.5) + Math.exp(1.0) + Math.exp(1.5);
        assertEquals(Math.exp(1.5) / z, y[2], 1e-6);
        assertEquals(Math.exp(0.5) / z, y[0], 1e-6);
        assertEquals(1.0, y[3] + y[4] + y[5], 1e-6);
        assertEquals(1.0, y[5], 1e-6, "large inputs do not overflow");
    }

    @Test
    void aColdSoftmaxApproachesTheHardWinner() {
        float[] u = {0.3f, 0.9f, 0.5f};
        float[] soft = new float[3];
        float[] hard = new float[3];
        SoftWta.softmax(u, 1, 3, 200f, soft);
        SoftWta.hardMax(u, 1, 3, hard);
        assertArrayEquals(new float[] {0f, 1f, 0f}, hard);
        assertArrayEquals(hard, soft, 1e-6f);
    }

    @Test
    void thePopulationEmitsSoftmaxOfItsInputCurrents() {
        IncomingProjection in = new IncomingProjection(4, "x", 3, 2, 1, WeightInit.constant(0), Plasticity.NONE,
                CounterRng.stream(1, CounterRng.WEIGHT_INIT, 4));
        PopulationModel m = new SoftWta(2.0, false).create(new PopulationContext(1, "wta", 2, 1, 1.0,
                CounterRng.stream(1, CounterRng.POPULATION, 1), List.of(in), Services.of(Kernels.java())));
        float[] w = m.weights(4);
        System.arraycopy(new float[] {1, 0, 0, 0, 1, 1}, 0, w, 0, 6); // u = (x0, x1 + x2)
        float[][] emitted = new float[1][];
        double[] maxY = new double[1];
        m.step(3, () -> List.of(new StepInputs.Arrival(4, new DenseEmission(2, 1, 3, new float[] {1f, 0.25f, 0.25f}))),
                new Emitter() {
                    @Override
                    public void spikes(int[] offsets, int[] indices) {
                    }

                    @Override
                    public void dense(float[] values, int width) {
                        emitted[0] = values.clone();
                    }

                    @Override
                    public void metric(String name, double value) {
                        maxY[0] = value;
                    }

                    @Override
                    public void metric(String name, int example, double value) {
                    }
                });
        double e0 = Math.exp(2 * 1.0);
        double e1 = Math.exp(2 * 0.5);
        assertEquals(e0 / (e0 + e1), emitted[0][0], 1e-6);
        assertEquals(e1 / (e0 + e1), emitted[0][1], 1e-6);
        assertEquals(emitted[0][0], maxY[0], 1e-6);
        assertTrue(emitted[0][0] > emitted[0][1]);
    }
}
