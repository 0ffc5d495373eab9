package org.lamina.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.scenarios.dsl.Hocon;
import org.lamina.sim.engine.Provenance;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.trace.TraceFrame;

/** The outputs every run writes, each a {@link RunListener}. */
public final class RunOutputs {
    public static final String MANIFEST_FILE = "manifest.conf";
    public static final String METRICS_FILE = "metrics.json";

    private RunOutputs() {
    }

    /**
     * Adds the controls' test accuracies to a finished run's {@code metrics.json} ({@code controls}:
     * per control its folder, test accuracy by population and the run's lead over it in points) and
     * to its report, beside the run's own.
     */
    static void addControls(ScenarioRunner.Outcome run, Map<String, ScenarioRunner.Outcome> controls) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Path metrics = run.folder().resolve(METRICS_FILE);
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(metrics.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode all = root.putObject("controls");
        StringBuilder rows = new StringBuilder();
        controls.forEach((name, c) -> {
            com.fasterxml.jackson.databind.node.ObjectNode node = all.putObject(name);
            node.put("folder", run.folder().relativize(c.folder()).toString());
            com.fasterxml.jackson.databind.node.ObjectNode acc = node.putObject("test_accuracy");
            com.fasterxml.jackson.databind.node.ObjectNode lead = node.putObject("lead_points");
            c.testAccuracy().forEach((pop, a) -> {
                acc.put(pop, a);
                Double learned = run.testAccuracy().get(pop);
                if (learned != null) {
                    lead.put(pop, 100 * (learned - a));
                    rows.append(String.format(java.util.Locale.ROOT,
                            "<tr><td>%s</td><td>%s</td><td>%.2f%%</td><td>%.2f%%</td><td>%+.2f</td></tr>%n",
                            RunReport.esc(name), RunReport.esc(pop), 100 * learned, 100 * a, 100 * (learned - a)));
                }
            });
        });
        RunFiles.replace(metrics, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        Path report = run.folder().resolve(RunReport.FILE);
        if (Files.isRegularFile(report) && rows.length() > 0) {
            String html = Files.readString(report);
            String section = "<h2>Controls</h2>\n<p>The same readout on the layers' initial (random) weights, in the same"
                    + " run: what the test accuracy owes to learning.</p>\n<table><tr><th>control</th><th>population</th>"
                    + "<th>learned</th><th>control</th><th>lead (points)</th></tr>\n" + rows + "</table>\n";
            int end = html.lastIndexOf("</body>");
            RunFiles.replace(report, end < 0 ? html + section : html.substring(0, end) + section + html.substring(end));
        }
    }

    /** Manifest, metrics.json, figures, report and console lines, in that order. */
    public static List<RunListener> standard(PrintStream out) {
        return List.of(new Manifest(), new MetricsFile(), new Figures(out), new Report(), new Console(out));
    }

    /**
     * {@code manifest.conf}: provenance and status (running, then completed, failed or
     * interrupted; {@link RunState} changes a running one whose process has gone to dead), and
     * the process running it, replaced atomically.
     */
    static final class Manifest implements RunListener {
        @Override
        public void started(RunRecord run) throws IOException {
            write(run, RunStatus.RUNNING.label(), "");
        }

        @Override
        public void finished(RunRecord run, RunStatus status, String error) throws IOException {
            write(run, status.label(), error);
        }

        private static void write(RunRecord run, String status, String error) throws IOException {
            org.lamina.proto.Provenance p = Provenance.current();
            KernelChoice k = run.kernels();
            String m = String.join("\n",
                    "status = " + Hocon.value(status),
                    "error = " + Hocon.value(error == null ? "" : error),
                    "written-at = " + Hocon.value(Instant.now().toString()),
                    "scenario { name = " + Hocon.value(run.scenario().name()) + ", source = " + Hocon.value(run.source())
                            + ", file = " + Hocon.value(ScenarioRunner.SCENARIO_FILE) + ", overrides = "
                            + run.overrides().stream().map(Hocon::value).toList() + " }",
                    "seed = " + run.scenario().seed(),
                    "kernels { " + kernels(k.selection()) + populationKernels(k) + " }",
                    "lamina = " + Hocon.value(Provenance.laminaVersion()),
                    "java = " + Hocon.value(p.getJavaVersion() + " (" + p.getJavaVendor() + ")"),
                    "os = " + Hocon.value(p.getOsName() + " " + p.getOsArch()),
                    "cpu = " + Hocon.value(p.getCpuModel() + ", " + p.getCores() + " cores"),
                    "trace = " + Hocon.value(RunFolder.TRACE_FILE),
                    "resumed = " + run.resumes().stream().map(Hocon::value).toList(),
                    "process = " + Hocon.value(RunLock.process()),
                    "");
            RunFiles.replace(run.folder().resolve(MANIFEST_FILE), m);
        }

        /** A backend selection as manifest fields. */
        private static String kernels(BackendSelection s) {
            return "requested = " + Hocon.value(s.requested().label()) + ", used = " + Hocon.value(s.backend().label())
                    + ", device = " + Hocon.value(s.deviceName()) + ", fallback-reason = " + Hocon.value(s.reason());
        }

        /** The populations with a backend of their own, if any: {@code , populations { <name> { ... } }}. */
        private static String populationKernels(KernelChoice k) {
            if (k.populations().isEmpty()) {
                return "";
            }
            List<String> own = new java.util.ArrayList<>();
            k.populations().forEach((pop, s) -> own.add(Hocon.key(pop) + " { " + kernels(s) + " }"));
            return ", populations { " + String.join(", ", own) + " }";
        }
    }

    /**
     * {@code metrics.json}, however the run ended, replaced whole ({@link RunFiles}): a disk that
     * fills while it is written leaves a valid file or none.
     */
    static final class MetricsFile implements RunListener {
        @Override
        public void finished(RunRecord run, RunStatus status, String error) throws IOException {
            RunFiles.replace(run.folder().resolve(METRICS_FILE), run.metrics().json(run.scenario().name(),
                    run.scenario().seed(), status.label(), error, run.timings()));
        }
    }

    /**
     * The figures of a completed run: receptive fields of every recorded projection from images,
     * the accuracy curve, recorded state and spikes.
     */
    static final class Figures implements RunListener {
        private final PrintStream out;

        Figures(PrintStream out) {
            this.out = out;
        }

        @Override
        public void finished(RunRecord run, RunStatus status, String error) throws IOException {
            if (status != RunStatus.COMPLETED) {
                return;
            }
            MetricsCollector metrics = run.metrics();
            for (Map.Entry<Integer, TraceFrame.Weights> e : metrics.lastWeights().entrySet()) {
                ProjectionSpec j = run.scenario().projections().get(e.getKey());
                PopulationSpec source = run.scenario().populations().get(run.scenario().network().populationId(j.source()));
                // Weights from images only: tiles of the image size (not labels, tasks or images with tasks).
                if (source.model() instanceof DatasetInput in && in.emit() == DatasetInput.Emit.IMAGES) {
                    TraceFrame.Weights w = e.getValue();
                    Path png = run.folder().resolve("receptive-fields-" + j.source() + "-" + j.target() + ".png");
                    ReceptiveFields.write(w.values(), w.rows(), w.cols(), in.shape().width(), in.shape().height(), 100,
                            png);
                    out.println("receptive fields (weights at step " + w.step() + "): " + png);
                }
            }
            RunCharts.accuracy(metrics.epochs(), run.folder());
            RunCharts.states(metrics.states(), run.scenario().dtMs(), run.folder());
            RunCharts.rasters(metrics.spikes(), run.scenario().dtMs(), run.folder());
            RunCharts.settling(metrics.trajectories(), run.folder());
            RunCharts.activeSets(metrics.epochs(), run.folder());
        }
    }

    /** {@code report.html}, however the run ended (the figures only of a completed one). */
    static final class Report implements RunListener {
        @Override
        public void finished(RunRecord run, RunStatus status, String error) throws IOException {
            org.lamina.proto.Provenance p = Provenance.current();
            RunReport.write(run.folder(), run.scenario().name(),
                    status.label() + (error == null || error.isEmpty() ? "" : " (" + error + ")"),
                    String.join("; ", run.kernels().summaries()),
                    "Lamina " + Provenance.laminaVersion() + ", Java " + p.getJavaVersion() + ", " + p.getCpuModel()
                            + " (" + p.getCores() + " cores), seed " + run.scenario().seed(), run.timings(),
                    run.metrics());
        }
    }

    /** Console lines: notes before the run, one line per epoch, each readout's test accuracy at the end. */
    static final class Console implements RunListener {
        private final PrintStream out;
        private EpochPrinter printer;

        Console(PrintStream out) {
            this.out = out;
        }

        @Override
        public void started(RunRecord run) {
            Map<String, Integer> sizes = new java.util.HashMap<>();
            run.scenario().populations().forEach(pop -> sizes.put(pop.name(), pop.size()));
            printer = new EpochPrinter(out, sizes);
            run.scenario().learnerNotes().forEach(out::println);
        }

        @Override
        public void epoch(RunRecord run, MetricsCollector.EpochRecord epoch, int epochs) {
            printer.print(epoch, epochs);
        }

        @Override
        public void finished(RunRecord run, RunStatus status, String error) {
            if (status == RunStatus.COMPLETED) {
                ScenarioRunner.testAccuracy(run.metrics()).forEach((pop, a) ->
                        out.printf(Locale.ROOT, "test accuracy (%s): %.2f%%%n", pop, 100 * a));
            }
        }
    }
}
