package org.lamina.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.Provenance;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.trace.TraceFileWriter;

/**
 * Runs a validated scenario through the engine into a new run folder: {@code scenario.conf}
 * (the resolved scenario), {@code manifest.conf} (provenance and status: running, then
 * completed or failed) and {@code trace.lamina}. Each phase of the schedule is marked in the
 * trace.
 */
public final class ScenarioRunner {
    public static final String SCENARIO_FILE = "scenario.conf";
    public static final String MANIFEST_FILE = "manifest.conf";

    /** What a run left behind. */
    public record Outcome(Path folder, Path trace, Simulation.Summary summary, double seconds) {
    }

    private ScenarioRunner() {
    }

    public static Outcome run(Scenario scenario, String source, List<String> overrides, KernelChoice kernels,
                              int threads, Path runsRoot, PrintStream out) throws IOException {
        Path dir = RunFolder.create(runsRoot, scenario.name());
        Path trace = dir.resolve(RunFolder.TRACE_FILE);
        String text = scenario.toHocon();
        Files.writeString(dir.resolve(SCENARIO_FILE), text);
        writeManifest(dir, scenario, source, overrides, kernels, "running", "");
        ActorSystem<Void> system = Engine.actorSystem("lamina", threads);
        long t0 = System.nanoTime();
        try {
            Simulation sim = Simulation.start(system, scenario.network(), scenario.recording(), TraceFileWriter.create(trace),
                    new RunInfo(scenario.name(), text, kernels.traceHeader()), kernels.services());
            for (Scenario.Phase p : scenario.schedule()) {
                out.printf("phase %s: %d steps%n", p.name(), p.steps());
                sim.markPhase(p.name(), true);
                sim.advance(p.steps()).toCompletableFuture().join();
                sim.markPhase(p.name(), false);
            }
            Simulation.Summary summary = sim.finish().toCompletableFuture().join();
            writeManifest(dir, scenario, source, overrides, kernels, "completed", "");
            return new Outcome(dir, trace, summary, (System.nanoTime() - t0) / 1e9);
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            writeManifest(dir, scenario, source, overrides, kernels, "failed", cause.getMessage());
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    /** Provenance and status, replaced atomically so a reader never sees half a manifest. */
    private static void writeManifest(Path dir, Scenario s, String source, List<String> overrides, KernelChoice k,
                                      String status, String error) throws IOException {
        org.lamina.proto.Provenance p = Provenance.current();
        String m = String.join("\n",
                "status = " + q(status),
                "error = " + q(error == null ? "" : error),
                "written-at = " + q(Instant.now().toString()),
                "scenario { name = " + q(s.name()) + ", source = " + q(source) + ", file = " + q(SCENARIO_FILE)
                        + ", overrides = " + overrides.stream().map(ScenarioRunner::q).toList() + " }",
                "seed = " + s.seed(),
                "kernels { requested = " + q(k.selection().requested().label()) + ", used = "
                        + q(k.selection().backend().label()) + ", device = " + q(k.selection().deviceName())
                        + ", fallback-reason = " + q(k.selection().reason()) + " }",
                "lamina = " + q(Provenance.laminaVersion()),
                "java = " + q(p.getJavaVersion() + " (" + p.getJavaVendor() + ")"),
                "os = " + q(p.getOsName() + " " + p.getOsArch()),
                "cpu = " + q(p.getCpuModel() + ", " + p.getCores() + " cores"),
                "trace = " + q(RunFolder.TRACE_FILE),
                "");
        Path tmp = dir.resolve(MANIFEST_FILE + ".tmp");
        Files.writeString(tmp, m);
        Files.move(tmp, dir.resolve(MANIFEST_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
