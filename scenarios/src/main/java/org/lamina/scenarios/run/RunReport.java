package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code report.html}: one page tying a run together: what ran (scenario, seed, kernels,
 * machine), how long each phase took, the metrics' means per the last phase, every PNG in the
 * folder, and links to the scenario, manifest, metrics and trace. Plain HTML, no scripts.
 */
public final class RunReport {
    public static final String FILE = "report.html";

    private RunReport() {
    }

    public static Path write(Path dir, String scenario, String status, String kernels, String machine,
                             List<MetricsCollector.PhaseTiming> phases, MetricsCollector metrics) throws IOException {
        Map<String, Double> means = metrics.lastMeans();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(scenario)).append(" — Lamina run</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}")
                .append("th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}img{max-width:100%}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(scenario)).append("</h1>\n<p>Status: <b>").append(esc(status)).append("</b>. ")
                .append(esc(kernels)).append(". ").append(esc(machine)).append(".</p>\n");
        h.append("<p>Files: <a href=\"scenario.conf\">scenario.conf</a> · <a href=\"manifest.conf\">manifest.conf</a> · ")
                .append("<a href=\"metrics.json\">metrics.json</a> · <a href=\"trace.lamina\">trace.lamina</a> ")
                .append("(<code>lamina trace summary</code>, <code>lamina trace export</code>)</p>\n");
        h.append("<h2>Phases</h2>\n<table><tr><th>phase</th><th>steps</th><th>seconds</th><th>steps/s</th>")
                .append("<th>examples/s</th></tr>\n");
        for (MetricsCollector.PhaseTiming p : phases) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%.0f</td><td>%.0f</td></tr>%n",
                    esc(p.name()), p.steps(), p.seconds(), p.steps() / p.seconds(), p.steps() * (double) p.batch() / p.seconds()));
        }
        h.append("</table>\n");
        epochs(h, metrics);
        h.append("<h2>Metrics</h2>\n");
        if (means.isEmpty()) {
            h.append("<p>No population reported metrics.</p>\n");
        } else {
            h.append("<table><tr><th>metric</th><th>mean (last phase that reported it)</th></tr>\n");
            means.forEach((k, v) -> h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.6g</td></tr>%n", esc(k), v)));
            h.append("</table>\n");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> pngs = files.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
            if (!pngs.isEmpty()) {
                h.append("<h2>Figures</h2>\n");
                for (Path p : pngs) {
                    String name = p.getFileName().toString();
                    h.append("<figure><img src=\"").append(esc(name)).append("\" alt=\"").append(esc(name))
                            .append("\"><figcaption>").append(esc(name)).append("</figcaption></figure>\n");
                }
            }
        }
        h.append("</body></html>\n");
        Path out = dir.resolve(FILE);
        RunFiles.replace(out, h.toString());
        return out;
    }

    /** Test results first, then one row per epoch, then the last test pass's confusion matrices. */
    private static void epochs(StringBuilder h, MetricsCollector metrics) {
        List<MetricsCollector.EpochRecord> epochs = metrics.epochs();
        if (epochs.isEmpty()) {
            return;
        }
        Map<String, Double> test = ScenarioRunner.testAccuracy(metrics);
        if (!test.isEmpty()) {
            h.append("<h2>Results</h2>\n<p>");
            test.forEach((pop, a) -> h.append(String.format(Locale.ROOT, "Test accuracy (%s): <b>%.2f%%</b>. ", esc(pop), 100 * a)));
            h.append("</p>\n");
        }
        h.append("<h2>Epochs</h2>\n<table><tr><th>phase</th><th>epoch</th><th>seconds</th><th>examples/s</th>")
                .append("<th>accuracy</th><th>loss</th><th>units ever won (this epoch)</th><th>mean row norm</th></tr>\n");
        String lastTest = null;
        for (MetricsCollector.EpochRecord r : epochs) {
            StringBuilder acc = new StringBuilder();
            StringBuilder loss = new StringBuilder();
            r.accuracy().forEach((pop, a) -> {
                acc.append(String.format(Locale.ROOT, "%s %.2f%% ", esc(pop), 100 * a));
                double l = r.mean(pop + ".loss");
                if (!Double.isNaN(l)) { // a task's share of an output has no loss of its own
                    loss.append(String.format(Locale.ROOT, "%s %.4g ", esc(pop), l));
                }
            });
            StringBuilder won = new StringBuilder();
            StringBuilder norm = new StringBuilder();
            r.stats().keySet().stream().filter(k -> k.endsWith(".units_ever_won")).forEach(k -> {
                String pop = k.substring(0, k.length() - ".units_ever_won".length());
                won.append(String.format(Locale.ROOT, "%.0f ", r.last(k)));
                if (r.stats().containsKey(pop + ".units_won_this_epoch")) {
                    won.append(String.format(Locale.ROOT, "(%.0f) ", r.last(pop + ".units_won_this_epoch")));
                }
                norm.append(String.format(Locale.ROOT, "%.4g ", r.last(pop + ".mean_row_norm")));
            });
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%.0f</td><td>%s</td><td>%s</td>"
                            + "<td>%s</td><td>%s</td></tr>%n", esc(r.phase()), r.epoch(), r.seconds(), r.examples() / r.seconds(),
                    acc.toString().trim(), loss.toString().trim(), won.toString().trim(), norm.toString().trim()));
            if (r.test()) {
                lastTest = r.phase();
            }
        }
        h.append("</table>\n");
        if (lastTest != null) {
            for (String pop : test.keySet()) {
                long[][] m = metrics.confusion(lastTest, pop);
                if (m == null) {
                    continue;
                }
                h.append("<h3>Confusion matrix: ").append(esc(pop)).append(", ").append(esc(lastTest))
                        .append(" (rows: label, columns: predicted; the last test pass)</h3>\n<table><tr><th></th>");
                for (int k = 0; k < m.length; k++) {
                    h.append("<th>").append(k).append("</th>");
                }
                h.append("</tr>\n");
                for (int k = 0; k < m.length; k++) {
                    h.append("<tr><th>").append(k).append("</th>");
                    for (long v : m[k]) {
                        h.append("<td>").append(v).append("</td>");
                    }
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
