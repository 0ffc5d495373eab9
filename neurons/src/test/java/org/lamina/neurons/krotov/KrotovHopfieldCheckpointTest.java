package org.lamina.neurons.krotov;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * The Krotov–Hopfield ODE population restored from a checkpoint goes on exactly as the original,
 * with every integrator and output: mid presentation with some examples settled and others not,
 * with units refractory or rate counts part way, and into a presentation cut short unsettled.
 */
class KrotovHopfieldCheckpointTest {
    static final int IN = 8;
    static final int UNITS = 6;
    static final int BATCH = 2;

    /** Presentation starts (dense input): the short ones end before every example settled. */
    static final Set<Integer> PRESENTATIONS = Set.of(0, 8, 16, 20, 24, 32);

    /** Input spikes arrive at steps 4k + 2. */
    static ResumeCheck check(String integrator, KrotovHopfield.Output output, boolean reset) {
        KrotovHopfield model = new KrotovHopfield(4, 0.3, 1, integrator, 0.1, 3, reset, 3, 0.4, output, 0.15, 6, 0.3,
                0.5);
        List<IncomingProjection> in = List.of(
                new IncomingProjection(0, "input", IN, UNITS, 1, WeightInit.normal(0, 0.6), Plasticity.NONE,
                        CounterRng.stream(8, CounterRng.WEIGHT_INIT, 0)),
                new IncomingProjection(1, "spikes", IN, UNITS, 1, WeightInit.normal(0, 0.3), Plasticity.NONE,
                        CounterRng.stream(8, CounterRng.WEIGHT_INIT, 1)));
        Random r = new Random(8);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            List<StepInputs.Arrival> arrivals = new ArrayList<>();
            if (PRESENTATIONS.contains(s)) {
                float[] x = new float[BATCH * IN];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextFloat() * (i < IN ? 0.5f : 4); // the second example takes far longer to settle
                }
                arrivals.add(new StepInputs.Arrival(0, new DenseEmission(s - 1, BATCH, IN, x)));
            }
            if (s % 4 == 2) {
                arrivals.add(new StepInputs.Arrival(1, new SpikeEmission(s - 1, BATCH, new int[] {0, 2, 3},
                        new int[] {0, 1 + r.nextInt(IN - 1), r.nextInt(IN)})));
            }
            script.add(ResumeCheck.Step.of(s, arrivals));
        }
        return new ResumeCheck(() -> model.create(new PopulationContext(1, "kh", UNITS, BATCH, 1.0,
                CounterRng.stream(8, CounterRng.POPULATION, 1), in, Services.of(Kernels.java()))), BATCH, script, 0, 1);
    }

    @ParameterizedTest(name = "{0}, output {1}, reset {2}")
    @CsvSource({"euler, THRESHOLD, true", "exponential-euler, RATE, false", "rk4, THRESHOLD, false", "euler, NONE, true",
            "rk4, RATE, true"})
    void resumesExactly(String integrator, KrotovHopfield.Output output, boolean reset) {
        ResumeCheck check = check(integrator, output, reset);
        for (int at : new int[] {1, 3, 5, 8, 13, 20, 27, 31}) {
            check.resumesExactlyAfter(at);
        }
    }

    /**
     * One example settled and the other not, units refractory after the spikes the presentation
     * began with: every name shows but the output's other state (rate counts, or refractory timers).
     */
    @Test
    void everySavedNameIsNeeded() {
        assertEquals(Set.of("counts"), check("euler", KrotovHopfield.Output.THRESHOLD, true).namesNotShownNeeded(21));
        assertEquals(Set.of("refractory"), check("rk4", KrotovHopfield.Output.RATE, false).namesNotShownNeeded(13));
    }

    @Test
    void aStateWithoutTheHeldCurrentIsRefused() {
        ResumeCheck check = check("euler", KrotovHopfield.Output.THRESHOLD, true);
        ModelState saved = check.resumesExactlyAfter(21);
        check.refusesStateWithout(saved, "held");
        check.refusesStateWithout(saved, "refractory");
        check.refusesStateWithout(saved, "reported");
    }
}
