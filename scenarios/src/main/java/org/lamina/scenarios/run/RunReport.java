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
                             List<MetricsCollector.PhaseTiming> phases, Map<String, Double> means) throws IOException {
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
        h.append("</table>\n<h2>Metrics</h2>\n");
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
        Files.writeString(out, h);
        return out;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
