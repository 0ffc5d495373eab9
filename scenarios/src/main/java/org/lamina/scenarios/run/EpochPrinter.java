package org.lamina.scenarios.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One console line per epoch: time, examples/s, each readout's accuracy and loss, and the
 * learning layers' health (units that ever won, units that won during the epoch and the share
 * of its wins the top 1% of units held, mean row norm), with a warning, once per phase and kind,
 * when the layer is collapsing onto a few features: fewer than half of its units have ever won,
 * or fewer than half won during the epoch or the top 1% held more than half of its wins. The
 * epoch's counts see a collapse that comes after every unit has won once.
 */
final class EpochPrinter {
    /** Fewer than this share of a layer's units winning (ever, or during an epoch) is a collapse. */
    static final double MIN_WINNING_UNITS = 0.5;
    /** More than this share of an epoch's wins held by the top 1% of units is a collapse. */
    static final double MAX_TOP1PCT_WIN_SHARE = 0.5;
    private static final String ADVICE = "(REFERENCES.md: p = 3, k = 7 does this on Fashion-MNIST; try p = 2, k = 2)";

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
        // A layer reports units_ever_won every report-every minibatches and the epoch's wins when
        // its epoch ends: an epoch record may hold either without the other.
        java.util.Set<String> layers = new java.util.LinkedHashSet<>();
        for (String name : r.stats().keySet()) {
            for (String metric : List.of(".units_ever_won", ".units_won_this_epoch")) {
                if (name.endsWith(metric)) {
                    layers.add(name.substring(0, name.length() - metric.length()));
                }
            }
        }
        for (String pop : layers) {
            parts.add(layerHealth(r, pop));
        }
        String which = r.test() ? r.phase() + (epochs > 1 ? " after epoch " + r.epoch() : "")
                : r.phase() + " epoch " + r.epoch() + "/" + epochs;
        out.println(which + ": " + String.join("; ", parts));
    }

    /** A learning layer's part of the epoch line; prints the collapse warnings it calls for. */
    private String layerHealth(MetricsCollector.EpochRecord r, String pop) {
        double everWon = r.last(pop + ".units_ever_won");
        double wonThisEpoch = r.last(pop + ".units_won_this_epoch");
        double top1pct = r.last(pop + ".top1pct_win_share");
        double norm = r.last(pop + ".mean_row_norm");
        List<String> health = new ArrayList<>();
        if (!Double.isNaN(everWon)) {
            health.add(String.format(Locale.ROOT, "units ever won %.0f", everWon));
        }
        if (!Double.isNaN(wonThisEpoch)) {
            health.add(String.format(Locale.ROOT, "won this epoch %.0f (top 1%% of units %.1f%% of wins)", wonThisEpoch,
                    100 * top1pct));
        }
        if (!Double.isNaN(norm)) {
            health.add(String.format(Locale.ROOT, "mean row norm %.4g", norm));
        }
        Integer size = sizes.get(pop);
        if (size != null && everWon < size * MIN_WINNING_UNITS && warned.add(pop + "@" + r.phase())) {
            out.printf(Locale.ROOT, "WARNING: only %.0f of %d units of %s have ever won: the layer is collapsing onto"
                    + " a few features %s%n", everWon, size, pop, ADVICE);
        }
        if (size != null && (wonThisEpoch < size * MIN_WINNING_UNITS || top1pct > MAX_TOP1PCT_WIN_SHARE)
                && warned.add(pop + "@" + r.phase() + " this epoch")) {
            out.printf(Locale.ROOT, "WARNING: %.0f of %d units of %s won during epoch %d and the top 1%% of units held %.1f%%"
                    + " of its wins: the layer is collapsing onto a few features %s%n", wonThisEpoch, size, pop, r.epoch(),
                    100 * top1pct, ADVICE);
        }
        return pop + " " + String.join(", ", health);
    }
}
