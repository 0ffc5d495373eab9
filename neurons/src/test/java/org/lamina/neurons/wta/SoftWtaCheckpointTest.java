package org.lamina.neurons.wta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.kernels.Kernels;
import org.lamina.neurons.testing.ResumeCheck;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/**
 * A soft or hard winner-take-all restored from a checkpoint goes on exactly as the original,
 * including through steps without input, where u and y stay as the last input left them.
 */
class SoftWtaCheckpointTest {
    static final int IN = 6;
    static final int UNITS = 4;
    static final int BATCH = 2;

    /** Dense input every third step, spikes from a second projection on some of the others. */
    static ResumeCheck check(boolean hard) {
        SoftWta wta = new SoftWta(2.0, hard);
        List<IncomingProjection> in = List.of(
                new IncomingProjection(0, "x", IN, UNITS, 1, WeightInit.normal(0, 0.5), Plasticity.NONE,
                        CounterRng.stream(2, CounterRng.WEIGHT_INIT, 0)),
                new IncomingProjection(1, "s", IN, UNITS, 1, WeightInit.normal(0, 0.5), Plasticity.NONE,
                        CounterRng.stream(2, CounterRng.WEIGHT_INIT, 1)));
        Random r = new Random(5);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            List<StepInputs.Arrival> arrivals = new ArrayList<>();
            if (s % 3 == 0) {
                float[] x = new float[BATCH * IN];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextFloat();
                }
                arrivals.add(new StepInputs.Arrival(0, new DenseEmission(s - 1, BATCH, IN, x)));
            }
            if (s % 5 == 1) {
                arrivals.add(new StepInputs.Arrival(1, new SpikeEmission(s - 1, BATCH, new int[] {0, 2, 3},
                        new int[] {0, 1 + r.nextInt(IN - 1), r.nextInt(IN)})));
            }
            script.add(ResumeCheck.Step.of(s, arrivals));
        }
        return new ResumeCheck(() -> wta.create(new PopulationContext(1, "wta", UNITS, BATCH, 1.0,
                CounterRng.stream(2, CounterRng.POPULATION, 1), in, Services.of(Kernels.java()))), BATCH, script, 0, 1);
    }

    @ParameterizedTest(name = "hard {0}")
    @ValueSource(booleans = {false, true})
    void resumesExactly(boolean hard) {
        ResumeCheck check = check(hard);
        for (int at : new int[] {1, 2, 4, 7, 10}) {
            check.resumesExactlyAfter(at);
        }
        // Before a step without input both show; each is refused when missing.
        assertEquals(Set.of(), check.namesNotShownNeeded(4));
        check.refusesStateWithout(check.resumesExactlyAfter(4), "y");
    }
}
