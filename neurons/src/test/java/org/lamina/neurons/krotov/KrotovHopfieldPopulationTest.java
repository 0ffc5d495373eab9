package org.lamina.neurons.krotov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.product.JavaMatrixProduct;
import org.lamina.neurons.input.PatternInput;
import org.lamina.neurons.ode.Integrator;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.Services;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.trace.MemoryTraceSink;

/** The population in the engine reports what direct integration of the same ODE gives. */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(60)
class KrotovHopfieldPopulationTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    private static final int INPUTS = 30;
    private static final int UNITS = 40;
    private static final int BATCH = 3;
    private static final int PRESENTATION = 400;
    private static final long SEED = 17;

    private NetworkSpec network(KrotovHopfield model) {
        return new NetworkSpec(List.of(
                new PopulationSpec("input", INPUTS, BATCH, PatternInput.analog(PRESENTATION)),
                new PopulationSpec("kh", UNITS, BATCH, model)),
                List.of(new ProjectionSpec("input", "kh", 1, WeightInit.normal(0, 0.2))), 0.5, SEED);
    }

    /** Metric name (with {@code [example]} for per-example ones) → values in step order. */
    private Map<String, List<Double>> metrics(MemoryTraceSink sink) {
        Map<String, List<Double>> m = new TreeMap<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric()) {
                Frame f = r.getFrame();
                String name = f.getMetric().getName() + (f.getMetric().hasExample() ? "[" + f.getMetric().getExample() + "]" : "");
                m.computeIfAbsent(name, k -> new ArrayList<>()).add(f.getMetric().getValue());
            }
        }
        return m;
    }

    @Test
    void engineRunMatchesDirectIntegrationOfTheSameInput() {
        KrotovHopfield model = KrotovHopfield.defaults().withInhibition(0.3).withOutput(KrotovHopfield.Output.THRESHOLD);
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation sim = Simulation.start(testKit.system(), network(model),
                new RecordingSpec(Set.of("kh"), List.of(), List.of()), sink, new RunInfo("kh", "", null),
                Services.of(Kernels.java()));
        sim.runToEnd(2 * PRESENTATION);
        Map<String, List<Double>> m = metrics(sink);
        assertEquals(2, m.get("mean_active_units").size(), "one report per presentation: " + m);
        assertEquals(List.of(1.0, 1.0), m.get("converged_fraction"));

        // Direct: the same stimulus (population 0's stream) and weights (projection 0's stream).
        CounterRng stimulus = CounterRng.stream(SEED, CounterRng.POPULATION, 0);
        float[] v = new float[BATCH * INPUTS];
        for (int i = 0; i < v.length; i++) {
            v[i] = stimulus.uniformFloat(0, i);
        }
        float[] w = new IncomingProjection(0, "input", INPUTS, UNITS, 1, WeightInit.normal(0, 0.2), Plasticity.NONE,
                CounterRng.stream(SEED, CounterRng.WEIGHT_INIT, 0)).initialWeights();
        float[] currents = new float[BATCH * UNITS];
        new JavaMatrixProduct().multiply(w, UNITS, INPUTS, v, BATCH, currents); // the run's default backend
        InhibitionDynamics d = new InhibitionDynamics(BATCH, UNITS, 10f, 0.3f, 1f, currents);
        Settling direct = new Settling(d, Integrator.named("euler", BATCH * UNITS));
        float[] h = new float[BATCH * UNITS];
        direct.run(h, 0.5f, 1e-3f, PRESENTATION);
        double active = 0;
        double settle = 0;
        for (int b = 0; b < BATCH; b++) {
            active += direct.activeUnits()[b];
            settle += direct.settleSteps()[b];
            assertEquals(direct.activeUnits()[b], m.get("active_units[" + b + "]").get(0), "example " + b);
            assertEquals(direct.settleSteps()[b], m.get("settle_steps[" + b + "]").get(0), "example " + b);
            assertEquals(direct.winners()[b], m.get("winner[" + b + "]").get(0), "example " + b);
            assertEquals(1.0, m.get("converged[" + b + "]").get(0), "example " + b);
        }
        assertEquals(active / BATCH, m.get("mean_active_units").get(0), 1e-9);
        assertEquals(settle / BATCH, m.get("mean_settle_steps").get(0), 1e-9);
        assertEquals(1.0, m.get("ode_shortcut_agreement").get(0));
        assertTrue(sink.records().stream().anyMatch(r -> r.hasFrame() && r.getFrame().hasSpikes()),
                "threshold crossings are emitted as spikes");
    }

    @Test
    void strongerInhibitionLeavesFewerActiveUnits() {
        double previous = Double.MAX_VALUE;
        for (double w : new double[] {0.0, 0.05, 0.2, 2.0}) {
            MemoryTraceSink sink = new MemoryTraceSink();
            Simulation.start(testKit.system(), network(KrotovHopfield.defaults().withInhibition(w)
                    .withOutput(KrotovHopfield.Output.NONE)), RecordingSpec.none(), sink, new RunInfo("kh", "", null),
                    Services.of(Kernels.java())).runToEnd(PRESENTATION + 2); // the second presentation closes the first's report
            double active = metrics(sink).get("mean_active_units").get(0);
            assertTrue(active <= previous, "w = " + w + ": " + active + " > " + previous);
            previous = active;
        }
        assertEquals(1.0, previous, "w_inh = 2 leaves one winner per example");
    }
}
