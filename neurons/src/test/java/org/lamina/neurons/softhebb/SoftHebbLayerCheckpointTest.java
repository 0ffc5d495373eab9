package org.lamina.neurons.softhebb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.plasticity.SoftHebbParams;
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

/** A SoftHebb layer with a bias, restored from a checkpoint mid epoch, learns and emits what the original would have. */
class SoftHebbLayerCheckpointTest {
    static final int ROWS = 10;
    static final int COLS = 12;
    static final int BATCH = 4;

    static ResumeCheck check() {
        // Epochs of 12 examples (3 minibatches), reports every 2 minibatches.
        SoftHebbLayer layer = new SoftHebbLayer(5, 0.05, 0.2, SoftHebbParams.Variant.ANTI, true, 1, 2,
                SoftHebbLayer.Features.SOFTMAX, 3, 12);
        IncomingProjection in = new IncomingProjection(0, "in", COLS, ROWS, 1, WeightInit.normal(0, 0.3),
                new Plasticity(SoftHebbLayer.RULE, PhaseKind.UNSUPERVISED), CounterRng.stream(4, CounterRng.WEIGHT_INIT, 0));
        Phase learn = new Phase("unsupervised", PhaseKind.UNSUPERVISED, new TreeSet<>(List.of(0)));
        Phase readout = new Phase("readout", PhaseKind.READOUT, new TreeSet<>(List.of(1)));
        Random r = new Random(6);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            float[] v = new float[BATCH * COLS];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat();
            }
            ResumeCheck.Step step = ResumeCheck.Step.of(s, List.of(new StepInputs.Arrival(0,
                    new DenseEmission(s - 1, BATCH, COLS, v))));
            script.add(s == 0 ? step.beginning(learn) : s == 14 ? step.ending(learn).beginning(readout) : step);
        }
        return new ResumeCheck(() -> layer.create(new PopulationContext(1, "hidden", ROWS, BATCH, 1.0,
                CounterRng.stream(4, CounterRng.POPULATION, 1), List.of(in), Services.of(Kernels.java()))), BATCH, script, 0);
    }

    @Test
    void resumesExactlyMidEpochAndInTheReadout() {
        ResumeCheck check = check();
        for (int at : new int[] {4, 7, 16}) {
            check.resumesExactlyAfter(at);
        }
        // Mid epoch, mid report period: every name shows but those of spike presentations, which a dense layer does not use.
        assertEquals(Set.of("phase_first_step", "spike_counts", "spikes_arrived"), check.namesNotShownNeeded(1));
    }

    @Test
    void aStateWithoutItsBiasIsRefused() {
        ModelState saved = check().resumesExactlyAfter(7);
        check().refusesStateWithout(saved, "bias");
        check().refusesStateWithout(saved, "ever_won");
    }
}
