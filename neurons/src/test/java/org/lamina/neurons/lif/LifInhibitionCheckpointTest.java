package org.lamina.neurons.lif;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.neurons.testing.ResumeCheck;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/**
 * LIF units with lateral inhibition restored from a checkpoint spike exactly as the originals:
 * with units refractory and the inhibition of the last step's spikes still to arrive.
 */
class LifInhibitionCheckpointTest {
    static final int IN = 6;
    static final int UNITS = 5;
    static final int BATCH = 2;

    /** A dense drive on most steps (strong enough to fire every few steps), input spikes on some. */
    static ResumeCheck check() {
        LifInhibition lif = new LifInhibition(5.0, 1.0, 0.2, 2);
        List<IncomingProjection> in = List.of(
                new IncomingProjection(0, "drive", IN, UNITS, 1, WeightInit.uniform(0, 0.8), Plasticity.NONE,
                        CounterRng.stream(4, CounterRng.WEIGHT_INIT, 0)),
                new IncomingProjection(1, "spikes", IN, UNITS, 1, WeightInit.uniform(-0.2, 0.6), Plasticity.NONE,
                        CounterRng.stream(4, CounterRng.WEIGHT_INIT, 1)));
        Random r = new Random(6);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            List<StepInputs.Arrival> arrivals = new ArrayList<>();
            if (s % 7 != 6) {
                float[] x = new float[BATCH * IN];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 0.5f + 0.5f * r.nextFloat();
                }
                arrivals.add(new StepInputs.Arrival(0, new DenseEmission(s - 1, BATCH, IN, x)));
            }
            if (s % 3 == 2) {
                arrivals.add(new StepInputs.Arrival(1, new SpikeEmission(s - 1, BATCH, new int[] {0, 1, 3},
                        new int[] {r.nextInt(IN), 0, 4})));
            }
            script.add(ResumeCheck.Step.of(s, arrivals));
        }
        return new ResumeCheck(() -> lif.create(new PopulationContext(1, "lif", UNITS, BATCH, 1.0,
                CounterRng.stream(4, CounterRng.POPULATION, 1), in, Services.of(Kernels.java()))), BATCH, script, 0, 1);
    }

    @Test
    void resumesExactly() {
        ResumeCheck check = check();
        for (int at : new int[] {1, 3, 5, 6, 8, 13, 20}) {
            check.resumesExactlyAfter(at);
        }
    }

    @Test
    void everySavedNameIsNeeded() {
        assertEquals(Set.of(), check().namesNotShownNeeded(AT));
        ResumeCheck check = check();
        ModelState saved = check.resumesExactlyAfter(AT);
        check.refusesStateWithout(saved, "refractory");
        check.refusesStateWithout(saved, "spiked_last_step");
    }

    /** Right after units fired (at step 5): they are refractory and their inhibition is still to arrive. */
    static final int AT = 6;
}
