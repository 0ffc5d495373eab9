package org.lamina.scenarios.golden;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.Metric;
import org.lamina.proto.Param;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.ProjectionInfo;
import org.lamina.proto.SpikeSet;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.trace.TraceReader;

/**
 * Compares a trace with its golden copy record by record, as behaviour rather than bytes.
 *
 * <p><b>Exactly equal:</b> the header fields that describe the simulation (scenario name, the
 * resolved scenario as HOCON values, seed, dt, window, populations with model, size, batch,
 * parameters and state variables, projections); the number, order, kinds and steps of frames;
 * spikes; phase markers; state and weight shapes (population, variable, units, rows, cols);
 * metric names, populations and examples; the values of metrics that are counts or ratios of
 * counts ({@link #EXACT_METRICS}: labels, predictions, correct, examples, winners, active units,
 * settling steps); the footer's status, steps, frames and spike events.
 *
 * <p><b>Ignored:</b> provenance (Java, OS, CPU), Lamina version, the backend's device and
 * fallback text: they describe the machine, not the behaviour; the schema version: it describes
 * the file (version 2 added checksums, and the golden files are kept as version 1 to show that
 * old traces still read).
 *
 * <p><b>Within {@link #TOLERANCE}:</b> state values, weights and the other metric values, as
 * {@code |a - b| <= 1e-4 * max(1, |a|, |b|)} (relative, and absolute below magnitude 1, where
 * most weights and states are). Why 1e-4:
 * <ul>
 *   <li>Noise is far below it. The families are set up so that the Vector API's lane width does
 *   not change a single bit ({@link GoldenFamily}); math-library intrinsics
 *   ({@code -XX:-UseLibmIntrinsic}) moved a metric by 5e-16. Where a lane-width-dependent path
 *   is used (measured with a batch of 4, which reduces dot products across lanes, and a layer of
 *   100 units, whose tail is summed apart), 784-term sums moved the Krotov-Hopfield state by at
 *   most 1e-5, and ten Adam steps of a readout on standardised SoftHebb features moved a weight
 *   by 4.8e-5: the tolerance still holds such a change of path.</li>
 *   <li>Behaviour changes are above it. Tried on purpose: a 10% larger Adam step fails all
 *   eight learning families, a 1% larger one five of them (in bp, dfa and counter-hebb no
 *   weight moved by more than 1e-4 in their 5 to 10 steps: a change that small can pass); a 1%
 *   longer Krotov-Hopfield time constant fails the ODE, bars and sweep families on h (and the
 *   first two on spikes); a LIF refractory period one step shorter fails on v and spikes; a
 *   changed default fails on the header (scenario entry and parameter) before any frame.</li>
 * </ul>
 */
public final class TraceComparison {
    /** Relative tolerance (absolute below magnitude 1) for continuous values. */
    public static final double TOLERANCE = 1e-4;

    /**
     * Metrics whose values are counts or ratios of counts, compared exactly (a changed count is a
     * changed outcome, never rounding). A task suffix ({@code correct[left]}) is ignored when
     * looking a name up.
     */
    public static final Set<String> EXACT_METRICS = Set.of("label", "predicted", "correct", "examples", "winner",
            "active_units", "settle_steps", "converged", "units_ever_won", "units_won_this_epoch", "top1pct_win_share",
            "converged_fraction", "mean_active_units",
            "mean_settle_steps", "ode_shortcut_agreement");

    /** At most this many differences are listed; the rest are counted. */
    private static final int MAX_LISTED = 25;

    private final List<String> differences = new ArrayList<>();
    private int unlisted;
    private double largestDeviation;
    private String largestAt = "";

    private TraceComparison() {
    }

    /** The result: differences (empty when the traces agree) and the largest tolerated deviation seen. */
    public record Result(List<String> differences, int unlisted, double largestDeviation, String largestAt) {
        public boolean matches() {
            return differences.isEmpty();
        }

        /** One line per difference, for a failure message. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            for (String d : differences) {
                b.append("\n  ").append(d);
            }
            if (unlisted > 0) {
                b.append("\n  ... and ").append(unlisted).append(" more difference(s)");
            }
            return b.toString();
        }

        /** The largest relative deviation of a value compared within tolerance, and where. */
        public String deviation() {
            return String.format("largest deviation %.3g (tolerance %.0e)%s", largestDeviation, TOLERANCE,
                    largestAt.isEmpty() ? "" : " at " + largestAt);
        }
    }

    /** Reads both traces with {@link TraceReader} and compares them record by record. */
    public static Result compare(Path expected, Path actual) throws IOException {
        try (TraceReader e = TraceReader.open(expected); TraceReader a = TraceReader.open(actual)) {
            TraceComparison c = new TraceComparison();
            c.compareAll(new Records(e), new Records(a));
            e.problem().ifPresent(p -> c.differ("golden file unreadable: " + p));
            a.problem().ifPresent(p -> c.differ("new trace unreadable: " + p));
            return c.result();
        }
    }

    /** Compares two sequences of records (header, frames, footer). */
    public static Result compare(Iterator<TraceRecord> expected, Iterator<TraceRecord> actual) {
        TraceComparison c = new TraceComparison();
        c.compareAll(expected, actual);
        return c.result();
    }

    private Result result() {
        return new Result(List.copyOf(differences), unlisted, largestDeviation, largestAt);
    }

    private void compareAll(Iterator<TraceRecord> expected, Iterator<TraceRecord> actual) {
        int index = 0;
        int expectedCount = 0;
        int actualCount = 0;
        while (expected.hasNext() && actual.hasNext()) {
            TraceRecord e = expected.next();
            TraceRecord a = actual.next();
            expectedCount++;
            actualCount++;
            compareRecord(index++, e, a);
        }
        List<String> extra = new ArrayList<>();
        while (expected.hasNext()) {
            TraceRecord e = expected.next();
            if (extra.size() < 3) {
                extra.add("missing " + describe(e));
            }
            expectedCount++;
        }
        while (actual.hasNext()) {
            TraceRecord a = actual.next();
            if (extra.size() < 3) {
                extra.add("unexpected " + describe(a));
            }
            actualCount++;
        }
        if (expectedCount != actualCount) {
            differ("number of records: expected " + expectedCount + ", actual " + actualCount + " (first after record "
                    + (index - 1) + ": " + String.join("; ", extra) + ")");
        }
    }

    private void compareRecord(int i, TraceRecord e, TraceRecord a) {
        if (e.getKindCase() != a.getKindCase()) {
            differ("record " + i + ": expected " + describe(e) + ", actual " + describe(a));
            return;
        }
        switch (e.getKindCase()) {
            case HEADER -> compareHeader("record " + i + " (header)", e.getHeader(), a.getHeader());
            case FRAME -> compareFrame(i, e.getFrame(), a.getFrame());
            case FOOTER -> compareFooter("record " + i + " (footer)", e.getFooter(), a.getFooter());
            default -> differ("record " + i + ": unknown kind " + e.getKindCase());
        }
    }

    // ------------------------------------------------------------------ header

    private void compareHeader(String at, Header e, Header a) {
        same(at, "scenario_name", e.getScenarioName(), a.getScenarioName());
        compareScenario(at, e.getScenario(), a.getScenario());
        same(at, "seed", e.getSeed(), a.getSeed());
        same(at, "dt_ms", e.getDtMs(), a.getDtMs());
        same(at, "window_steps", e.getWindowSteps(), a.getWindowSteps());
        same(at, "backend.requested", e.getBackend().getRequested(), a.getBackend().getRequested());
        same(at, "backend.backend", e.getBackend().getBackend(), a.getBackend().getBackend());
        if (same(at, "number of populations", e.getPopulationsCount(), a.getPopulationsCount())) {
            for (int p = 0; p < e.getPopulationsCount(); p++) {
                comparePopulation(at + " population " + p, e.getPopulations(p), a.getPopulations(p));
            }
        }
        if (same(at, "number of projections", e.getProjectionsCount(), a.getProjectionsCount())) {
            for (int p = 0; p < e.getProjectionsCount(); p++) {
                ProjectionInfo x = e.getProjections(p);
                ProjectionInfo y = a.getProjections(p);
                String where = at + " projection " + p;
                same(where, "id", x.getId(), y.getId());
                same(where, "source", x.getSource(), y.getSource());
                same(where, "target", x.getTarget(), y.getTarget());
                same(where, "delay_steps", x.getDelaySteps(), y.getDelaySteps());
                same(where, "plasticity", x.getPlasticity(), y.getPlasticity());
            }
        }
    }

    private void comparePopulation(String at, PopulationInfo e, PopulationInfo a) {
        String where = at + " '" + e.getName() + "'";
        same(where, "id", e.getId(), a.getId());
        same(where, "name", e.getName(), a.getName());
        same(where, "model", e.getModel(), a.getModel());
        same(where, "size", e.getSize(), a.getSize());
        same(where, "batch", e.getBatch(), a.getBatch());
        same(where, "state_variables", e.getStateVariablesList(), a.getStateVariablesList());
        List<String> ek = e.getParamsList().stream().map(Param::getKey).toList();
        List<String> ak = a.getParamsList().stream().map(Param::getKey).toList();
        if (same(where, "parameter keys", ek, ak)) {
            for (int k = 0; k < e.getParamsCount(); k++) {
                String x = e.getParams(k).getValue();
                String y = a.getParams(k).getValue();
                if (!x.equals(y) && !sameNumber(x, y)) {
                    differ(where + ": parameter " + ek.get(k) + ": expected " + x + ", actual " + y);
                }
            }
        }
    }

    /** The same number written differently ("3" and "3.0") is the same parameter. */
    private static boolean sameNumber(String x, String y) {
        try {
            return Double.parseDouble(x) == Double.parseDouble(y);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The resolved scenario is compared as HOCON values, not as text, so that rendering it another
     * way (quotes, spacing, key order within an object, 3 against 3.0) is not a change while any
     * changed, added or removed entry is, named by its path.
     */
    private void compareScenario(String at, String expected, String actual) {
        if (expected.equals(actual)) {
            return;
        }
        ConfigObject e;
        ConfigObject a;
        try {
            e = ConfigFactory.parseString(expected).root();
            a = ConfigFactory.parseString(actual).root();
        } catch (ConfigException ex) {
            differ(at + ": scenario is not valid HOCON (" + ex.getMessage() + "); expected:\n" + expected + "\nactual:\n"
                    + actual);
            return;
        }
        compareValue(at + ": scenario", "", e, a);
    }

    private void compareValue(String at, String path, ConfigValue e, ConfigValue a) {
        if (e instanceof ConfigObject eo && a instanceof ConfigObject ao) {
            Set<String> keys = new TreeSet<>(eo.keySet());
            keys.addAll(ao.keySet());
            for (String k : keys) {
                String p = path.isEmpty() ? k : path + "." + k;
                if (!ao.containsKey(k)) {
                    differ(at + " entry " + p + ": expected " + render(eo.get(k)) + ", actual absent");
                } else if (!eo.containsKey(k)) {
                    differ(at + " entry " + p + ": expected absent, actual " + render(ao.get(k)));
                } else {
                    compareValue(at, p, eo.get(k), ao.get(k));
                }
            }
        } else if (e instanceof ConfigList el && a instanceof ConfigList al) {
            if (el.size() != al.size()) {
                differ(at + " entry " + path + ": expected " + render(e) + ", actual " + render(a));
                return;
            }
            for (int i = 0; i < el.size(); i++) {
                compareValue(at, path + "[" + i + "]", el.get(i), al.get(i));
            }
        } else if (!e.equals(a)) { // numbers compare by value, 3 == 3.0
            differ(at + " entry " + path + ": expected " + render(e) + ", actual " + render(a));
        }
    }

    private static String render(ConfigValue v) {
        return v.render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    // ------------------------------------------------------------------ frames

    private void compareFrame(int i, Frame e, Frame a) {
        String at = "record " + i + " (" + describe(e) + ")";
        if (e.getBodyCase() != a.getBodyCase() || e.getStep() != a.getStep()) {
            differ("record " + i + ": expected " + describe(e) + ", actual " + describe(a));
            return;
        }
        switch (e.getBodyCase()) {
            case SPIKES -> {
                same(at, "population", e.getSpikes().getPopulation(), a.getSpikes().getPopulation());
                if (same(at, "spikes.batch", e.getSpikes().getSpikes().getBatch(), a.getSpikes().getSpikes().getBatch())) {
                    compareSpikes(at, e.getSpikes().getSpikes(), a.getSpikes().getSpikes());
                }
            }
            case STATE -> {
                same(at, "population", e.getState().getPopulation(), a.getState().getPopulation());
                same(at, "variable", e.getState().getVariable(), a.getState().getVariable());
                same(at, "batch", e.getState().getBatch(), a.getState().getBatch());
                if (same(at, "units", e.getState().getUnitsList(), a.getState().getUnitsList())) {
                    close(at, "values", e.getState().getValuesList(), a.getState().getValuesList(),
                            e.getState().getUnitsCount());
                }
            }
            case WEIGHTS -> {
                same(at, "projection", e.getWeights().getProjection(), a.getWeights().getProjection());
                boolean shape = same(at, "rows", e.getWeights().getRows(), a.getWeights().getRows())
                        & same(at, "cols", e.getWeights().getCols(), a.getWeights().getCols());
                if (shape) {
                    close(at, "values", e.getWeights().getValuesList(), a.getWeights().getValuesList(),
                            e.getWeights().getCols());
                }
                List<String> names = e.getWeights().getExtrasList().stream().map(org.lamina.proto.NamedValues::getName)
                        .toList();
                if (same(at, "extras", names, a.getWeights().getExtrasList().stream()
                        .map(org.lamina.proto.NamedValues::getName).toList())) {
                    for (int n = 0; n < names.size(); n++) {
                        org.lamina.proto.NamedValues x = e.getWeights().getExtras(n);
                        close(at, "extras." + names.get(n), x.getValuesList(), a.getWeights().getExtras(n).getValuesList(),
                                0);
                    }
                }
            }
            case METRIC -> compareMetric(at, e.getMetric(), a.getMetric());
            case PHASE -> {
                same(at, "phase", e.getPhase().getPhase(), a.getPhase().getPhase());
                same(at, "begin", e.getPhase().getBegin(), a.getPhase().getBegin());
            }
            default -> same(at, "body", e, a);
        }
    }

    /** Spikes must be equal; a difference names the first example whose neurons differ, as neuron indices. */
    private void compareSpikes(String at, SpikeSet e, SpikeSet a) {
        if (e.getCountsList().equals(a.getCountsList()) && e.getIndexDeltasList().equals(a.getIndexDeltasList())) {
            return;
        }
        List<List<Integer>> x = neurons(e);
        List<List<Integer>> y = neurons(a);
        int differing = 0;
        int first = -1;
        for (int b = 0; b < Math.max(x.size(), y.size()); b++) {
            List<Integer> p = b < x.size() ? x.get(b) : List.of();
            List<Integer> q = b < y.size() ? y.get(b) : List.of();
            if (!p.equals(q)) {
                differing++;
                if (first < 0) {
                    first = b;
                }
            }
        }
        List<Integer> p = first < x.size() ? x.get(first) : List.of();
        List<Integer> q = first < y.size() ? y.get(first) : List.of();
        differ(at + ": spikes of " + differing + " of " + x.size() + " examples differ; example " + first
                + ": expected neurons " + shorten(p) + ", actual " + shorten(q));
    }

    /** Per example, the neuron indices (the deltas undone); an inconsistent set yields what it can. */
    private static List<List<Integer>> neurons(SpikeSet s) {
        List<List<Integer>> out = new ArrayList<>();
        int q = 0;
        for (int b = 0; b < s.getCountsCount(); b++) {
            List<Integer> ids = new ArrayList<>();
            int previous = 0;
            for (int k = 0; k < s.getCounts(b) && q < s.getIndexDeltasCount(); k++, q++) {
                previous = (k == 0 ? 0 : previous) + s.getIndexDeltas(q);
                ids.add(previous);
            }
            out.add(ids);
        }
        return out;
    }

    private static String shorten(List<?> values) {
        return values.size() <= 24 ? values.toString()
                : values.subList(0, 24).toString().replace("]", ", ... (" + values.size() + " in all)]");
    }

    private void compareMetric(String at, Metric e, Metric a) {
        same(at, "name", e.getName(), a.getName());
        same(at, "population", e.hasPopulation() ? e.getPopulation() : null, a.hasPopulation() ? a.getPopulation() : null);
        same(at, "example", e.hasExample() ? e.getExample() : null, a.hasExample() ? a.getExample() : null);
        String base = e.getName().replaceFirst("\\[.*]$", "");
        if (EXACT_METRICS.contains(base)) {
            if (Double.compare(e.getValue(), a.getValue()) != 0) {
                differ(at + ": value (a count, compared exactly): expected " + e.getValue() + ", actual " + a.getValue());
            }
        } else {
            within(at, "value", e.getValue(), a.getValue());
        }
    }

    /** Values row-major with {@code cols} per row: a difference names its [row][col]. */
    private void close(String at, String field, List<Float> e, List<Float> a, int cols) {
        if (!same(at, field + " length", e.size(), a.size())) {
            return;
        }
        int bad = 0;
        String first = null;
        for (int k = 0; k < e.size(); k++) {
            String where = field + "[" + (cols > 0 ? k / cols + "][" + k % cols : k) + "]";
            if (!tolerated(e.get(k), a.get(k), at + " " + where)) {
                if (first == null) {
                    first = where + ": expected " + e.get(k) + ", actual " + a.get(k);
                }
                bad++;
            }
        }
        if (bad > 0) {
            differ(at + ": " + first + " (" + bad + " of " + e.size() + " values beyond tolerance)");
        }
    }

    private void within(String at, String field, double e, double a) {
        if (!tolerated(e, a, at + " " + field)) {
            differ(at + ": " + field + ": expected " + e + ", actual " + a + " (beyond tolerance)");
        }
    }

    /** Whether {@code a} is within tolerance of {@code e}; records the largest deviation seen. */
    private boolean tolerated(double e, double a, String where) {
        if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
            return Double.compare(e, a) == 0;
        }
        double deviation = Math.abs(e - a) / Math.max(1.0, Math.max(Math.abs(e), Math.abs(a)));
        if (deviation > largestDeviation && deviation <= TOLERANCE) {
            largestDeviation = deviation;
            largestAt = where;
        }
        return deviation <= TOLERANCE;
    }

    // ------------------------------------------------------------------ footer

    private void compareFooter(String at, Footer e, Footer a) {
        same(at, "status", e.getStatus(), a.getStatus());
        same(at, "steps_completed", e.getStepsCompleted(), a.getStepsCompleted());
        same(at, "frames", e.getFrames(), a.getFrames());
        same(at, "spike_events", e.getSpikeEvents(), a.getSpikeEvents());
        same(at, "error", e.getError(), a.getError());
        same(at, "failed_population", e.getFailedPopulation(), a.getFailedPopulation());
        same(at, "failed_step", e.getFailedStep(), a.getFailedStep());
    }

    // ------------------------------------------------------------------ helpers

    private boolean same(String at, String field, Object e, Object a) {
        if (Objects.equals(e, a)) {
            return true;
        }
        differ(at + ": " + field + ": expected " + e + ", actual " + a);
        return false;
    }

    private void differ(String message) {
        if (differences.size() < MAX_LISTED) {
            differences.add(message);
        } else {
            unlisted++;
        }
    }

    private static String describe(TraceRecord r) {
        return switch (r.getKindCase()) {
            case HEADER -> "header";
            case FOOTER -> "footer";
            case FRAME -> describe(r.getFrame());
            default -> r.getKindCase().toString();
        };
    }

    /** A frame's kind, step and what it belongs to, e.g. "metric readout.loss at step 12". */
    static String describe(Frame f) {
        String what = switch (f.getBodyCase()) {
            case SPIKES -> "spikes of population " + f.getSpikes().getPopulation();
            case STATE -> "state " + f.getState().getVariable() + " of population " + f.getState().getPopulation();
            case WEIGHTS -> "weights of projection " + f.getWeights().getProjection();
            case METRIC -> "metric " + f.getMetric().getName()
                    + (f.getMetric().hasPopulation() ? " of population " + f.getMetric().getPopulation() : "")
                    + (f.getMetric().hasExample() ? " example " + f.getMetric().getExample() : "");
            case PHASE -> "phase " + f.getPhase().getPhase() + (f.getPhase().getBegin() ? " begin" : " end");
            default -> "empty frame";
        };
        return what + " at step " + f.getStep();
    }

    /** A {@link TraceReader} as an iterator. */
    private record Records(TraceReader reader) implements Iterator<TraceRecord> {
        @Override
        public boolean hasNext() {
            try {
                return reader.hasNext();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public TraceRecord next() {
            try {
                return reader.next();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
