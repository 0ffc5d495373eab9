package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.neurons.wiring.ModelKernels;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.trace.MemoryTraceSink;

/**
 * Stress for issue 19 (runs of {@code bars-readout} on OpenCL died of SIGSEGV now and then): 200
 * short engine runs of a small {@code bars-readout} on OpenCL, in one JVM, while another thread
 * keeps the garbage collector moving arrays. Two populations use OpenCL kernels at once on the
 * compute dispatcher's threads (the Krotov layer's rule and features, the readout's softmax
 * kernels), each run makes and disposes its kernels, and the actors move between threads from one
 * message to the next. Every run must complete (a kernel call that did not run as OpenCL fails
 * its population, and so the run: {@code DeviceKernel} checks {@code isRunningCL()} after every
 * call), every population must have been given OpenCL kernels, and every run must give the same
 * numbers as the first (same seed): the per-minibatch {@code max_dw} of the Krotov layer and
 * loss of the readout, which depend on every kernel's output.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(300)
class OpenClStressRunTest {
    static final int RUNS = 200;

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    static final String SCENARIO = String.join("\n",
            "name = opencl-stress",
            "seed = 3",
            "batch = 20",
            "backend = opencl",
            "dataset { source = bars, limit = 160, test-limit = 20 }",
            "network {",
            "  populations {",
            "    image { size = 64, model = dataset-input, shuffle = true }",
            "    labels { size = 17, model = dataset-input, emit = labels, shuffle = true }",
            "    hidden { size = 32, model = krotov-layer, k = 2, features = relu, normalise-input = false }",
            "    readout { size = 17, model = readout, features-from = hidden, labels-from = labels }",
            "  }",
            "  projections = [",
            "    { source = image, target = hidden, delay-steps = 1, init = { kind = normal, mean = 0.0, std = 1.0 },",
            "      plasticity = { rule = krotov, p = 2, delta = 0.4, eps0 = 0.02, epochs = 1 } }",
            "    { source = hidden, target = readout, delay-steps = 1, plasticity = { rule = gradient, lr = 0.01 } }",
            "    { source = labels, target = readout, delay-steps = 2 }",
            "  ]",
            "}",
            "schedule = [ { phase = unsupervised, epochs = 1 }, { phase = readout, epochs = 1 } ]",
            "");

    /** Wraps a model: notes the backend of the kernels its population is given, then creates it. */
    record Probe(ModelDescriptor model, Map<String, Backend> seen) implements ModelDescriptor {
        @Override
        public String name() {
            return model.name();
        }

        @Override
        public SortedMap<String, String> params() {
            return model.params();
        }

        @Override
        public List<String> stateVariables() {
            return model.stateVariables();
        }

        @Override
        public PopulationModel create(PopulationContext ctx) {
            seen.put(ctx.name(), ModelKernels.of(ctx).backend());
            return model.create(ctx);
        }
    }

    @Tag("opencl")
    @Test
    void manyShortRunsOnOpenClCompleteAndAgree() {
        OpenClTestSupport.requireDevice(); // PoCL in CI; skips (or fails where required) without a device
        Scenario s = ScenarioResolver.loaded(ScenarioParser.parseText(SCENARIO, "opencl-stress", List.of()));
        KernelChoice kernels = KernelChoice.parse(s.backend()).forScenario(s);
        assertEquals(Backend.OPENCL, kernels.selection().backend());
        Map<String, Backend> seen = new ConcurrentHashMap<>();
        NetworkSpec net = s.network();
        NetworkSpec probed = new NetworkSpec(net.populations().stream()
                .map(p -> new PopulationSpec(p.name(), p.size(), p.batch(), new Probe(p.model(), seen))).toList(),
                net.projections(), net.dtMs(), net.seed());

        SortedMap<String, List<Double>> first = null;
        OpenClTestSupport.Pressure pressure = OpenClTestSupport.collectorPressure();
        try {
            for (int run = 0; run < RUNS; run++) {
                seen.clear();
                SortedMap<String, List<Double>> metrics = run(s, probed, kernels);
                assertEquals(Map.of("image", Backend.OPENCL, "labels", Backend.OPENCL, "hidden", Backend.OPENCL,
                        "readout", Backend.OPENCL), seen, "run " + run);
                if (first == null) {
                    first = metrics;
                    assertEquals(8, first.get("hidden/max_dw").size(), "one Krotov step per minibatch");
                    assertFalse(first.get("readout/loss").isEmpty(), "the readout learned");
                    assertTrue(first.values().stream().flatMap(List::stream).allMatch(Double::isFinite), first.toString());
                } else {
                    assertEquals(first, metrics, "run " + run + " against the first (same seed)");
                }
            }
        } finally {
            pressure.close();
        }
    }

    /** One run of the schedule; the Krotov layer's {@code max_dw} and the readout's {@code loss}, in order. */
    private SortedMap<String, List<Double>> run(Scenario s, NetworkSpec net, KernelChoice kernels) {
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation sim = Simulation.start(testKit.system(), net, s.recording(), sink,
                new RunInfo(s.name(), "", kernels.traceHeader()), kernels.services());
        for (Scenario.Phase phase : s.schedule()) {
            sim.markPhase(phase.inEngine(net), true);
            sim.advance(phase.steps()).toCompletableFuture().join();
            sim.markPhase(phase.inEngine(net), false);
        }
        sim.finish().toCompletableFuture().join();
        List<String> names = net.populations().stream().map(PopulationSpec::name).toList();
        SortedMap<String, List<Double>> metrics = new TreeMap<>();
        for (TraceRecord r : sink.records()) {
            Frame f = r.getFrame();
            if (f.hasMetric() && f.getMetric().hasPopulation()) {
                String key = names.get(f.getMetric().getPopulation()) + "/" + f.getMetric().getName();
                if (key.equals("hidden/max_dw") || key.equals("readout/loss")) {
                    metrics.computeIfAbsent(key, k -> new ArrayList<>()).add(f.getMetric().getValue());
                }
            }
        }
        return metrics;
    }
}
