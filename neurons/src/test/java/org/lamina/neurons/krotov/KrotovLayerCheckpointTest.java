package org.lamina.neurons.krotov;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.dynamics.SettleParams;
import org.lamina.kernels.plasticity.KrotovActivity;
import org.lamina.neurons.layer.SpikePresentation;
import org.lamina.neurons.testing.ResumeCheck;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
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
 * A Krotov layer restored from a checkpoint learns and emits exactly what the original would
 * have: mid spike presentation while learning (events and counts kept), across epochs of the
 * anneal and the win report, and while its spike output is under way; on every backend.
 */
class KrotovLayerCheckpointTest {
    static final int ROWS = 12;
    static final int COLS = 16;
    static final int BATCH = 4;
    static final int T = 3;
    static final int SPP = 4;
    static final Phase LEARN = new Phase("unsupervised", PhaseKind.UNSUPERVISED, new TreeSet<>(List.of(0)));
    static final Phase READOUT = new Phase("readout", PhaseKind.READOUT, new TreeSet<>(List.of(1)));
    static final KrotovActivity DYNAMICS = new KrotovActivity.Dynamics(
            new SettleParams(0.3, 10, 0.5, 1, "euler", 1e-3, 10_000), 0.5, true, true);

    /** 3 epochs of 12 examples (3 minibatches), reports every 2 minibatches. */
    static KrotovLayer layer(boolean dynamics) {
        KrotovLayer l = new KrotovLayer(3, 3, 0.4, 0.05, 3, 12, 2);
        return dynamics ? l.withActivity(DYNAMICS) : l;
    }

    static ResumeCheck check(KrotovLayer layer, Kernels kernels, List<ResumeCheck.Step> script) {
        IncomingProjection in = new IncomingProjection(0, "in", COLS, ROWS, 1, WeightInit.normal(0, 0.3),
                new Plasticity(KrotovLayer.RULE, PhaseKind.UNSUPERVISED), CounterRng.stream(3, CounterRng.WEIGHT_INIT, 0));
        return new ResumeCheck(() -> layer.create(new PopulationContext(1, "hidden", ROWS, BATCH, 1.0,
                CounterRng.stream(3, CounterRng.POPULATION, 1), List.of(in), Services.of(kernels))), BATCH, script, 0);
    }

    /**
     * 10 spike presentations while learning (steps 0-39), then 6 in a readout phase (40-63); each
     * presentation's spikes arrive on its first T steps, one step late (the projection's delay),
     * but nothing fires after the first step of the fifth (steps 18 and 19 send nothing).
     */
    static List<ResumeCheck.Step> spikeScript() {
        Random r = new Random(8);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            int local = s < 40 ? s : s - 40;
            List<StepInputs.Arrival> arrivals = new ArrayList<>();
            if (local >= 1 && (local - 1) % SPP < T && s != 18 && s != 19) {
                int[] offsets = new int[BATCH + 1];
                List<Integer> on = new ArrayList<>();
                for (int b = 0; b < BATCH; b++) {
                    for (int c = 0; c < COLS; c++) {
                        if (r.nextInt(3) == 0) {
                            on.add(c);
                        }
                    }
                    offsets[b + 1] = on.size();
                }
                arrivals.add(new StepInputs.Arrival(0, new SpikeEmission(s - 1, BATCH, offsets,
                        on.stream().mapToInt(Integer::intValue).toArray())));
            }
            ResumeCheck.Step step = ResumeCheck.Step.of(s, arrivals);
            script.add(s == 0 ? step.beginning(LEARN) : s == 40 ? step.ending(LEARN).beginning(READOUT) : step);
        }
        return script;
    }

    static ResumeCheck spiking(boolean dynamics, Kernels kernels) {
        return check(layer(dynamics).withSpikes(new SpikePresentation(T, SPP)).withSpikeOutput(), kernels, spikeScript());
    }

    static Kernels kernels(String backend) {
        return switch (backend) {
            case "java" -> Kernels.java();
            case "reference" -> Kernels.of(OpenClTestSupport.reference());
            default -> throw new IllegalArgumentException(backend);
        };
    }

    /** Mid presentation while learning, at the end of an epoch, mid presentation and mid spike output in the readout. */
    static void resumesAnywhere(ResumeCheck check) {
        for (int at : new int[] {14, 18, 23, 27, 42, 45, 58}) {
            check.resumesExactlyAfter(at);
        }
        check.resumesIntoAUsedModel(18, 30); // its device copy of the weights and its overlap cache are stale
    }

    @ParameterizedTest(name = "dynamics {0}, backend {1}")
    @CsvSource({"false,java", "true,java", "false,reference"})
    void aSpikeFedLayerResumesExactly(boolean dynamics, String backend) {
        resumesAnywhere(spiking(dynamics, kernels(backend)));
    }

    /** The same on the OpenCL backend, whose spike accumulation holds the weights on the device. */
    @Tag("opencl")
    @ParameterizedTest(name = "opencl, dynamics {0}")
    @CsvSource({"false", "true"})
    void onOpenClToo(boolean dynamics) {
        resumesAnywhere(spiking(dynamics, Kernels.of(OpenClTestSupport.selection())));
    }

    /**
     * Mid presentation while learning (after its only spikes, mid epoch), every name shows but
     * the spike output's (not under way: as in a fresh model); mid spike output in the readout
     * phase, every name but those of learning (the win counts, the anneal, a presentation's events).
     */
    @Test
    void everySavedNameIsNeeded() {
        ResumeCheck check = spiking(true, Kernels.java());
        assertEquals(Set.of("output_rates", "output_step", "outputs"), check.namesNotShownNeeded(18));
        assertEquals(Set.of("epoch_wins", "ever_won", "examples_learnt", "examples_seen", "event_offsets", "events",
                "spike_counts", "spikes_arrived"), check.namesNotShownNeeded(45));
    }

    /** Dense minibatches every step, with the settling traced: the same, mid epoch. */
    @Test
    void aDenseFedLayerResumesExactly() {
        Random r = new Random(2);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 24; s++) {
            float[] v = new float[BATCH * COLS];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat();
            }
            ResumeCheck.Step step = ResumeCheck.Step.of(s, List.of(new StepInputs.Arrival(0,
                    new DenseEmission(s - 1, BATCH, COLS, v))));
            script.add(s == 0 ? step.beginning(LEARN) : s == 16 ? step.ending(LEARN).beginning(READOUT) : step);
        }
        ResumeCheck check = check(layer(true).withTraceSettling(2), kernels("java"), script);
        for (int at : new int[] {5, 10, 18}) {
            check.resumesExactlyAfter(at);
        }
        check.resumesIntoAUsedModel(5, 12); // the rule's overlap matrix, cached for the same array, is stale
    }

    @Test
    void aStateWithoutTheOpenPresentationsEventsIsRefused() {
        ResumeCheck check = spiking(false, Kernels.java());
        ModelState saved = check.resumesExactlyAfter(14);
        check.refusesStateWithout(saved, "events");
        check.refusesStateWithout(saved, "weights");
        check.refusesStateWithout(saved, "output_step");
    }
}
