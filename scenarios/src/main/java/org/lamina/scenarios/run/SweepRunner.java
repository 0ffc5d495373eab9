package org.lamina.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.scenarios.dsl.Sweep;

/**
 * Runs every point of a sweep, each into its own run folder inside
 * {@code runs/<name>-<date>-<time>/}, then writes {@code sweep.csv} (one row per point: its
 * settings, the objective, each readout's test accuracy, the reported metrics' last values, the
 * folder), a chart per result column ({@code sweep-<column>.png}: against the first axis, one line
 * per setting of the others) and names the best point when the sweep has an objective.
 */
public final class SweepRunner {
    public static final String RESULTS_FILE = "sweep.csv";
    /** An objective or column naming a readout's test accuracy: {@code test_accuracy.<population>}. */
    public static final String TEST_ACCURACY = "test_accuracy.";

    /** The sweep folder and the best point's index (-1 without an objective). */
    public record Outcome(Path folder, int best) {
    }

    private SweepRunner() {
    }

    public static Outcome run(ScenarioParser.Plan plan, String source, List<String> overrides, KernelChoice kernels,
                              int threads, Path runsRoot, PrintStream out) throws IOException {
        return run(plan, source, overrides, kernels, threads, runsRoot, out, RunStop.NONE);
    }

    /** As above; {@code stop} stops the point in progress and runs no further point ({@link RunInterruptedException}). */
    public static Outcome run(ScenarioParser.Plan plan, String source, List<String> overrides, KernelChoice kernels,
                              int threads, Path runsRoot, PrintStream out, RunStop stop) throws IOException {
        Sweep sweep = plan.sweep();
        Path dir = RunFolder.create(runsRoot, plan.base().name());
        List<Sweep.Point> points = sweep.points();
        List<Map<String, Double>> results = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Sweep.Point p = points.get(i);
            out.printf("sweep point %d/%d: %s%n", i + 1, points.size(), p.settings());
            List<String> all = new ArrayList<>(overrides);
            all.addAll(p.overrides());
            ScenarioRunner.Outcome o = ScenarioRunner.run(plan.points().get(i), "point-" + p.label(), source, all, kernels,
                    threads, dir, out, stop);
            results.add(results(sweep, o));
            folders.add(dir.relativize(o.folder()).toString());
        }
        Set<String> columns = new LinkedHashSet<>();
        results.forEach(r -> columns.addAll(r.keySet()));
        int best = best(sweep, results);
        List<String> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(sweep.grid().keySet());
        header.addAll(columns);
        header.add("folder");
        rows.add(String.join(",", header));
        for (int i = 0; i < points.size(); i++) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(i)));
            row.addAll(points.get(i).settings().values());
            for (String c : columns) {
                Double v = results.get(i).get(c);
                row.add(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
            }
            row.add(folders.get(i));
            rows.add(String.join(",", row));
        }
        Files.write(dir.resolve(RESULTS_FILE), rows);
        out.println("sweep results: " + dir.resolve(RESULTS_FILE));
        rows.forEach(r -> out.println("  " + r));
        for (String c : columns) {
            SweepCharts.column(sweep, points, results, c, dir).ifPresent(png -> out.println("sweep chart: " + png));
        }
        if (best >= 0) {
            out.printf("best point (%s of %s): %d %s%n", sweep.goal(), sweep.objective(), best,
                    points.get(best).settings());
        }
        return new Outcome(dir, best);
    }

    /** A point's result columns: the objective, each test accuracy, each reported metric's last value. */
    private static Map<String, Double> results(Sweep sweep, ScenarioRunner.Outcome o) {
        Map<String, Double> r = new LinkedHashMap<>();
        if (!sweep.objective().isEmpty()) {
            r.put(sweep.objective(), value(sweep.objective(), o, o.means()));
        }
        o.testAccuracy().forEach((pop, a) -> r.putIfAbsent(TEST_ACCURACY + pop, a));
        for (String metric : sweep.report()) {
            r.put(metric, value(metric, o, o.lasts()));
        }
        return r;
    }

    /** A test accuracy, or a metric from {@code metrics}; a name the run did not report is an error. */
    private static double value(String name, ScenarioRunner.Outcome o, Map<String, Double> metrics) {
        Double v = name.startsWith(TEST_ACCURACY) ? o.testAccuracy().get(name.substring(TEST_ACCURACY.length()))
                : metrics.get(name);
        if (v == null) {
            throw new IllegalStateException("the sweep asks for '" + name + "', which the run did not report; it has "
                    + metrics.keySet() + " and test accuracies of " + o.testAccuracy().keySet());
        }
        return v;
    }

    private static int best(Sweep sweep, List<Map<String, Double>> results) {
        if (sweep.objective().isEmpty()) {
            return -1;
        }
        int best = -1;
        for (int i = 0; i < results.size(); i++) {
            double v = results.get(i).get(sweep.objective());
            double b = best < 0 ? Double.NaN : results.get(best).get(sweep.objective());
            if (best < 0 || (sweep.goal().equals("max") ? v > b : v < b)) {
                best = i;
            }
        }
        return best;
    }
}
