package org.lamina.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.proto.WeightSnapshot;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.Provenance;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.trace.TraceFileWriter;

/**
 * Runs a resolved scenario ({@link ScenarioResolver}) through the engine into a new run folder: {@code scenario.conf}
 * (the resolved scenario), {@code manifest.conf} (provenance and status: running, then
 * completed or failed), {@code trace.lamina}, {@code metrics.json} (phase and epoch timings, the
 * metrics aggregated per phase and per epoch, accuracies, confusion matrices), the figures
 * (receptive fields, accuracy curve, recorded state and spikes) and {@code report.html}. Each
 * phase of the schedule is marked in the trace; a phase that counts epochs is advanced epoch by
 * epoch with one console line each. On a console, long stretches show a progress bar.
 */
public final class ScenarioRunner {
    public static final String SCENARIO_FILE = "scenario.conf";
    public static final String MANIFEST_FILE = "manifest.conf";
    public static final String METRICS_FILE = "metrics.json";
    /** A phase is advanced in this many chunks, so progress can be shown (results do not depend on it). */
    private static final int PROGRESS_CHUNKS = 100;

    /** What a run left behind. */
    public record Outcome(Path folder, Path trace, Simulation.Summary summary, double seconds, Map<String, Double> means,
                          Map<String, Double> testAccuracy) {
    }

    /** Each population's accuracy in the last test pass, by population (empty when nothing was tested). */
    static Map<String, Double> testAccuracy(MetricsCollector metrics) {
        Map<String, Double> acc = new java.util.LinkedHashMap<>();
        for (MetricsCollector.EpochRecord r : metrics.epochs()) {
            if (r.test()) {
                acc.putAll(r.accuracy());
            }
        }
        return acc;
    }

    private ScenarioRunner() {
    }

    public static Outcome run(Scenario scenario, String source, List<String> overrides, KernelChoice kernels,
                              int threads, Path runsRoot, PrintStream out) throws IOException {
        return run(scenario, scenario.name(), source, overrides, kernels, threads, runsRoot, out);
    }

    /** As above, with the run folder named {@code folderName-<date>-<time>}. */
    public static Outcome run(Scenario scenario, String folderName, String source, List<String> overrides,
                              KernelChoice runKernels, int threads, Path runsRoot, PrintStream out) throws IOException {
        if (!scenario.loaded()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " is not resolved: load its data and"
                    + " weights with ScenarioResolver before running it");
        }
        // The populations' own backends, selected before anything is written (one that cannot run here is bad input).
        KernelChoice kernels = runKernels.forScenario(scenario);
        kernels.summaries().stream().skip(1).forEach(out::println);
        Path dir = RunFolder.create(runsRoot, folderName);
        Path trace = dir.resolve(RunFolder.TRACE_FILE);
        String text = scenario.toHocon();
        Files.writeString(dir.resolve(SCENARIO_FILE), text);
        writeManifest(dir, scenario, source, overrides, kernels, "running", "");
        ActorSystem<Void> system = Engine.actorSystem("lamina", threads);
        MetricsCollector metrics = new MetricsCollector(TraceFileWriter.create(trace));
        List<MetricsCollector.PhaseTiming> timings = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            Simulation sim = Simulation.start(system, scenario.network(), scenario.recording(), metrics,
                    new RunInfo(scenario.name(), text, kernels.traceHeader()), kernels.services());
            Map<String, Integer> sizes = new java.util.HashMap<>();
            scenario.populations().forEach(pop -> sizes.put(pop.name(), pop.size()));
            EpochPrinter printer = new EpochPrinter(out, sizes);
            scenario.learnerNotes().forEach(out::println);
            for (Scenario.Phase p : scenario.schedule()) {
                long start = System.nanoTime();
                if (p.byEpochs()) {
                    runEpochs(sim, scenario, p, metrics, printer);
                } else {
                    out.printf("phase %s: %d steps%n", p.name(), p.steps());
                    sim.markPhase(p.name(), true);
                    advanceWithProgress(sim, p.name(), p.steps(), scenario.batch(), 0);
                    sim.markPhase(p.name(), false);
                }
                timings.add(new MetricsCollector.PhaseTiming(p.name(), p.steps(), (System.nanoTime() - start) / 1e9,
                        scenario.batch()));
            }
            Simulation.Summary summary = sim.finish().toCompletableFuture().join();
            Files.writeString(dir.resolve(METRICS_FILE), metrics.json(scenario.name(), scenario.seed(), "completed", timings));
            drawReceptiveFields(scenario, metrics, dir, out);
            RunCharts.accuracy(metrics.epochs(), dir);
            RunCharts.states(metrics.states(), scenario.dtMs(), dir);
            RunCharts.rasters(metrics.spikes(), scenario.dtMs(), dir);
            writeManifest(dir, scenario, source, overrides, kernels, "completed", "");
            org.lamina.proto.Provenance prov = Provenance.current();
            RunReport.write(dir, scenario.name(), "completed", String.join("; ", kernels.summaries()),
                    "Lamina " + Provenance.laminaVersion() + ", Java " + prov.getJavaVersion() + ", " + prov.getCpuModel()
                            + " (" + prov.getCores() + " cores), seed " + scenario.seed(), timings, metrics);
            Map<String, Double> testAccuracy = testAccuracy(metrics);
            testAccuracy.forEach((pop, a) -> out.printf(java.util.Locale.ROOT, "test accuracy (%s): %.2f%%%n", pop, 100 * a));
            return new Outcome(dir, trace, summary, (System.nanoTime() - t0) / 1e9, metrics.lastMeans(), testAccuracy);
        } catch (IOException | RuntimeException e) {
            // Whatever stops the run (the engine, or writing its figures), the folder says it failed.
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            Files.writeString(dir.resolve(METRICS_FILE), metrics.json(scenario.name(), scenario.seed(), "failed", timings));
            writeManifest(dir, scenario, source, overrides, kernels, "failed", cause.getMessage());
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw e;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    /**
     * For every recorded projection whose source presents images, the latest weights as tiles
     * ({@code receptive-fields-<source>-<target>.png}).
     */
    private static void drawReceptiveFields(Scenario scenario, MetricsCollector metrics, Path dir, PrintStream out)
            throws IOException {
        for (Map.Entry<Integer, WeightSnapshot> e : metrics.lastWeights().entrySet()) {
            ProjectionSpec j = scenario.projections().get(e.getKey());
            PopulationSpec source = scenario.populations().get(scenario.network().populationId(j.source()));
            if (source.model() instanceof DatasetInput in) {
                WeightSnapshot w = e.getValue();
                float[] values = new float[w.getValuesCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = w.getValues(i);
                }
                Path png = dir.resolve("receptive-fields-" + j.source() + "-" + j.target() + ".png");
                ReceptiveFields.write(values, w.getRows(), w.getCols(), in.shape().width(), in.shape().height(), 100, png);
                out.println("receptive fields (weights at step " + metrics.lastWeightsStep(e.getKey()) + "): " + png);
            }
        }
    }

    /**
     * A phase that counts epochs: each epoch (the first one also waits {@code drainSteps} for the
     * pipeline to fill, so an epoch's metrics are those of its own minibatches) is one advance,
     * its metrics kept and printed; with {@code testEachEpoch} the phase ends after each epoch
     * for a pass over the test split.
     */
    private static void runEpochs(Simulation sim, Scenario scenario, Scenario.Phase p, MetricsCollector metrics,
                                  EpochPrinter printer) {
        int spp = stepsPerPresentation(scenario);
        // A test pass counts the test split's examples, not the padding that fills its last minibatch.
        long testSplit = testSplitSize(scenario);
        long examplesPerEpoch = p.kind() == Scenario.Kind.TEST && testSplit > 0 ? testSplit
                : p.epochSteps() / spp * scenario.batch();
        if (!p.testEachEpoch()) {
            sim.markPhase(p.name(), true);
        }
        for (int e = 1; e <= p.epochs(); e++) {
            long steps = p.testEachEpoch() || e == 1 ? p.epochSteps() + p.drainSteps() : p.epochSteps();
            if (p.testEachEpoch()) {
                sim.markPhase(p.name(), true);
            }
            epoch(sim, metrics, printer, p.name(), p.kind() == Scenario.Kind.TEST, e, p.epochs(), steps, examplesPerEpoch,
                    scenario.batch(), spp);
            if (p.testEachEpoch()) {
                sim.markPhase(p.name(), false);
                long testExamples = testSplit > 0 ? testSplit : (p.testSteps() - p.drainSteps()) / spp * scenario.batch();
                sim.markPhase(Scenario.EPOCH_TEST_PHASE, true);
                epoch(sim, metrics, printer, Scenario.EPOCH_TEST_PHASE, true, e, p.epochs(), p.testSteps(), testExamples,
                        scenario.batch(), spp);
                sim.markPhase(Scenario.EPOCH_TEST_PHASE, false);
            }
        }
        if (!p.testEachEpoch()) {
            sim.markPhase(p.name(), false);
        }
    }

    private static void epoch(Simulation sim, MetricsCollector metrics, EpochPrinter printer, String phase, boolean test,
                              int epoch, int epochs, long steps, long examples, int batch, int spp) {
        metrics.beginEpoch(phase, epoch, test);
        long t0 = System.nanoTime();
        advanceWithProgress(sim, phase + (epochs > 1 ? " " + epoch + "/" + epochs : ""), steps, batch, spp);
        printer.print(metrics.endEpoch((System.nanoTime() - t0) / 1e9, examples), epochs);
    }

    /** Examples in the scenario's test split, or 0 when it has none. */
    private static long testSplitSize(Scenario s) {
        return s.populations().stream().filter(p -> p.model() instanceof DatasetInput in && in.testShape() != null)
                .findFirst().map(p -> (long) ((DatasetInput) p.model()).testShape().size()).orElse(0L);
    }

    private static int stepsPerPresentation(Scenario s) {
        return s.populations().stream().filter(p -> p.model() instanceof DatasetInput).findFirst()
                .map(p -> ((DatasetInput) p.model()).stepsPerPresentation()).orElse(1);
    }

    /**
     * Advances {@code steps}; on a console, in chunks with a progress bar (examples/s when
     * {@code stepsPerPresentation} > 0, else steps/s; ETA).
     */
    private static void advanceWithProgress(Simulation sim, String task, long steps, int batch, int stepsPerPresentation) {
        if (System.console() == null || steps < 200) {
            sim.advance(steps).toCompletableFuture().join();
            return;
        }
        boolean examples = stepsPerPresentation > 0;
        long total = examples ? steps / stepsPerPresentation * batch : steps;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setUnit(examples ? " examples" : " steps", 1).setStyle(ProgressBarStyle.ASCII).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            long chunk = Math.max(1, steps / PROGRESS_CHUNKS);
            for (long done = 0; done < steps; done += chunk) {
                long n = Math.min(chunk, steps - done);
                sim.advance(n).toCompletableFuture().join();
                bar.stepTo(examples ? Math.min(total, (done + n) / stepsPerPresentation * batch) : done + n);
            }
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
                "kernels { " + kernels(k.selection()) + populationKernels(k) + " }",
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

    /** A backend selection as manifest fields. */
    private static String kernels(BackendSelection s) {
        return "requested = " + q(s.requested().label()) + ", used = " + q(s.backend().label()) + ", device = "
                + q(s.deviceName()) + ", fallback-reason = " + q(s.reason());
    }

    /** The populations with a backend of their own, if any: {@code , populations { <name> { ... } }}. */
    private static String populationKernels(KernelChoice k) {
        if (k.populations().isEmpty()) {
            return "";
        }
        List<String> own = new ArrayList<>();
        k.populations().forEach((pop, s) -> own.add(q(pop) + " { " + kernels(s) + " }"));
        return ", populations { " + String.join(", ", own) + " }";
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
