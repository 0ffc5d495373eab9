package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.neurons.wiring.ModelKernels;
import org.lamina.scenarios.cli.Main;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.trace.MemoryTraceSink;

/**
 * A population may override the run's kernel backend ({@code network.populations.<name>.backend}):
 * it gets kernels of the backend it asks for, the others the run's; the manifest records it; and
 * a backend that cannot run here is refused before anything runs.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(180)
class PopulationBackendTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @TempDir
    Path dir;

    /** Two learning layers on bars: {@code a} on the run's backend, {@code b} on {@code bBackend}. */
    static String scenario(String runBackend, String bBackend) {
        return String.join("\n",
                "name = own-backend",
                "seed = 4",
                "batch = 10",
                "backend = " + runBackend,
                "dataset { source = bars, limit = 100 }",
                "network {",
                "  populations {",
                "    image { size = 64, model = dataset-input, shuffle = true }",
                "    a { size = 12, model = krotov-layer }",
                "    b { size = 8, model = softhebb-layer, backend = " + bBackend + " }",
                "  }",
                "  projections = [",
                "    { source = image, target = a, delay-steps = 1, init = { kind = normal, mean = 0, std = 1 },",
                "      plasticity = { rule = krotov, epochs = 1 } }",
                "    { source = image, target = b, delay-steps = 1, init = { kind = normal, mean = 0, std = 0.3 },",
                "      plasticity = { rule = softhebb } }",
                "  ]",
                "}",
                "schedule = [ { phase = unsupervised, epochs = 1 } ]",
                "");
    }

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
    void aPopulationOnJavaInARunOnOpenClGetsJavaKernelsAndTheOthersOpenCl() throws IOException {
        OpenClTestSupport.requireDevice(); // PoCL in CI; skips (or fails where required) without a device
        Scenario s = ScenarioResolver.loaded(ScenarioParser.parseText(scenario("opencl", "java"), "own", List.of()));
        assertEquals(Map.of("b", "java"), s.populationBackends());
        KernelChoice kernels = KernelChoice.parse(s.backend()).forScenario(s);
        assertEquals(Backend.OPENCL, kernels.selection().backend());
        assertEquals(List.of("b"), List.copyOf(kernels.populations().keySet()));
        assertEquals(Backend.JAVA, kernels.populations().get("b").backend());

        // Through the engine: each population's context holds the kernels it asked for.
        Map<String, Backend> seen = new ConcurrentHashMap<>();
        NetworkSpec net = s.network();
        NetworkSpec probed = new NetworkSpec(net.populations().stream()
                .map(p -> new PopulationSpec(p.name(), p.size(), p.batch(), new Probe(p.model(), seen))).toList(),
                net.projections(), net.dtMs(), net.seed());
        Simulation sim = Simulation.start(testKit.system(), probed, s.recording(), new MemoryTraceSink(),
                new RunInfo(s.name(), "", kernels.traceHeader()), kernels.services());
        sim.markPhase(probed.phase("unsupervised", PhaseKind.UNSUPERVISED), true);
        sim.runToEnd(12); // learning steps on both backends
        assertEquals(Map.of("image", Backend.OPENCL, "a", Backend.OPENCL, "b", Backend.JAVA), seen);

        // Through the CLI: the run completes, the manifest and the resolved scenario record the override.
        Path file = dir.resolve("own.conf");
        Files.writeString(file, scenario("opencl", "java"));
        Path runs = dir.resolve("runs");
        String console = captureOut(() -> assertEquals(0, Main.execute("run", file.toString(), "--runs-dir",
                runs.toString())));
        assertTrue(console.contains("population b: kernels: requested java, using java"), console);
        Path folder = onlyFolder(runs);
        String manifest = Files.readString(folder.resolve(RunOutputs.MANIFEST_FILE));
        assertTrue(manifest.contains("kernels { requested = \"opencl\", used = \"opencl\""), manifest);
        assertTrue(manifest.contains("populations { b { requested = \"java\", used = \"java\""), manifest);
        assertTrue(Files.readString(folder.resolve(ScenarioRunner.SCENARIO_FILE)).contains("model = \"softhebb-layer\","
                + " backend = java"), "scenario.conf keeps the override");
        assertTrue(manifest.contains("status = \"completed\""), manifest);
    }

    @Test
    void aRunWithoutOverridesRecordsNoPopulationKernels() {
        Scenario s = ScenarioParser.parseText(scenario("java", "java").replace(", backend = java }", " }"), "plain",
                List.of());
        assertEquals(Map.of(), s.populationBackends());
        KernelChoice kernels = KernelChoice.parse("java").forScenario(s);
        assertEquals(Map.of(), kernels.populations());
        assertEquals(List.of(kernels.selection().summary()), kernels.summaries());
        assertEquals(Map.of("b", "auto"), ScenarioParser.parseText(scenario("java", "auto"), "auto", List.of())
                .populationBackends());
    }

    /**
     * With no OpenCL device (a JVM whose OpenCL loader finds no vendor), a population asking for
     * {@code opencl} stops the command with exit code 2 and a message naming the population's key,
     * before a run folder exists. Where there is no OpenCL at all the same holds.
     */
    @Test
    void aPopulationAskingForOpenClWithoutADeviceIsRefusedBeforeTheRun() throws IOException, InterruptedException {
        Path file = dir.resolve("needs-opencl.conf");
        Files.writeString(file, scenario("java", "opencl"));
        Path runs = dir.resolve("runs");
        Path noVendors = Files.createDirectories(dir.resolve("no-opencl-vendors"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", file.toString(), "--runs-dir", runs.toString());
        pb.environment().put("OCL_ICD_VENDORS", noVendors.toString()); // ocl-icd and the Khronos loader: no platforms
        pb.environment().put("OPENCL_VENDOR_PATH", noVendors.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(2, p.exitValue(), output);
        assertTrue(output.contains("network.populations.b.backend = opencl: kernel backend 'opencl' was requested but"),
                output);
        assertTrue(!Files.exists(runs) || isEmpty(runs), "no run folder: " + output);
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.findAny().isEmpty();
        }
    }

    private static Path onlyFolder(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> folders = s.toList();
            assertEquals(1, folders.size(), folders.toString());
            return folders.get(0);
        }
    }

    private static String captureOut(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
