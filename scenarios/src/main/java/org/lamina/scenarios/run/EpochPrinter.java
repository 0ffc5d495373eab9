package org.lamina.scenarios.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One console line per epoch: time, examples/s, each readout's accuracy and loss, and the
 * learning layers' health (units that ever won, mean row norm), with a warning when fewer than
 * half of a layer's units have ever won (the layer is collapsing onto a few features).
 */
final class EpochPrinter {
    private final PrintStream out;
    private final Map<String, Integer> sizes;
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    EpochPrinter(PrintStream out, Map<String, Integer> sizes) {
        this.out = out;
        this.sizes = sizes;
    }

    void print(MetricsCollector.EpochRecord r, int epochs) {
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%.1f s, %.0f examples/s", r.seconds(), r.examples() / r.seconds()));
        r.accuracy().forEach((pop, a) -> {
            double loss = r.mean(pop + ".loss"); // none for a task's share of an output
            parts.add(String.format(Locale.ROOT, "%s accuracy %.2f%%", pop, 100 * a)
                    + (Double.isNaN(loss) ? "" : String.format(Locale.ROOT, ", loss %.4g", loss)));
        });
        for (String name : r.stats().keySet()) {
            if (name.endsWith(".units_ever_won")) {
                String pop = name.substring(0, name.length() - ".units_ever_won".length());
                double won = r.last(name);
                parts.add(String.format(Locale.ROOT, "%s units ever won %.0f, mean row norm %.4g", pop, won,
                        r.last(pop + ".mean_row_norm")));
                Integer size = sizes.get(pop);
                if (size != null && won < size / 2.0 && warned.add(pop + "@" + r.phase())) {
                    out.printf(Locale.ROOT, "WARNING: only %.0f of %d units of %s have ever won: the layer is collapsing onto"
                            + " a few features (REFERENCES.md: p = 3, k = 7 does this on Fashion-MNIST; try p = 2, k = 2)%n",
                            won, size, pop);
                }
            }
        }
        String which = r.test() ? r.phase() + (epochs > 1 ? " after epoch " + r.epoch() : "")
                : r.phase() + " epoch " + r.epoch() + "/" + epochs;
        out.println(which + ": " + String.join("; ", parts));
    }
}
