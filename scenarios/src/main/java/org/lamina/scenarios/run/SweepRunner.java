package org.lamina.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.scenarios.dsl.Sweep;

/**
 * Runs every point of a sweep, each into its own run folder inside
 * {@code runs/<name>-<date>-<time>/}, then writes {@code sweep.csv} (one row per point: its
 * settings, the objective, the folder) and names the best point when the sweep has an objective.
 */
public final class SweepRunner {
    public static final String RESULTS_FILE = "sweep.csv";

    /** The sweep folder and the best point's index (-1 without an objective). */
    public record Outcome(Path folder, int best) {
    }

    private SweepRunner() {
    }

    public static Outcome run(ScenarioParser.Plan plan, String source, List<String> overrides, KernelChoice kernels,
                              int threads, Path runsRoot, PrintStream out) throws IOException {
        Sweep sweep = plan.sweep();
        Path dir = RunFolder.create(runsRoot, plan.base().name());
        List<Sweep.Point> points = sweep.points();
        List<String> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(sweep.grid().keySet());
        if (!sweep.objective().isEmpty()) {
            header.add(sweep.objective());
        }
        header.add("folder");
        rows.add(String.join(",", header));
        int best = -1;
        double bestValue = Double.NaN;
        for (int i = 0; i < points.size(); i++) {
            Sweep.Point p = points.get(i);
            out.printf("sweep point %d/%d: %s%n", i + 1, points.size(), p.settings());
            List<String> all = new ArrayList<>(overrides);
            all.addAll(p.overrides());
            ScenarioRunner.Outcome o = ScenarioRunner.run(plan.points().get(i), "point-" + p.label(), source, all, kernels,
                    threads, dir, out);
            List<String> row = new ArrayList<>(List.of(Integer.toString(i)));
            row.addAll(p.settings().values());
            if (!sweep.objective().isEmpty()) {
                Double v = o.means().get(sweep.objective());
                if (v == null) {
                    throw new IllegalStateException("the sweep objective '" + sweep.objective()
                            + "' is not among the run's metrics: " + o.means().keySet());
                }
                row.add(String.format(Locale.ROOT, "%.6g", v));
                boolean better = best < 0 || (sweep.goal().equals("max") ? v > bestValue : v < bestValue);
                if (better) {
                    best = i;
                    bestValue = v;
                }
            }
            row.add(dir.relativize(o.folder()).toString());
            rows.add(String.join(",", row));
        }
        Files.write(dir.resolve(RESULTS_FILE), rows);
        out.println("sweep results: " + dir.resolve(RESULTS_FILE));
        rows.forEach(r -> out.println("  " + r));
        if (best >= 0) {
            out.printf("best point (%s of %s): %d %s%n", sweep.goal(), sweep.objective(), best,
                    points.get(best).settings());
        }
        return new Outcome(dir, best);
    }
}
