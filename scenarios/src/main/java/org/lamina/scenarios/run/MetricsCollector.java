package org.lamina.scenarios.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.trace.FrameObserver;
import org.lamina.sim.trace.TraceFrame;
import org.lamina.sim.trace.TraceSink;

/**
 * A trace sink in front of another that also reads the frames in process ({@link FrameObserver})
 * and aggregates the metrics per phase (count, mean, min, max, last), so a run can write
 * {@code metrics.json} and its figures without decoding or reading back its trace. Per-example
 * metrics are aggregated over examples as {@code name[per example]}.
 */
public final class MetricsCollector implements TraceSink, FrameObserver {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Indented, {@code "key": value}. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter().withSeparators(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    /** Aggregate of one metric in one phase. */
    public static final class Stat {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double last;

        void add(double v) {
            count++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            last = v;
        }
    }

    /** One epoch (or test pass) of a phase: how long it took and its metrics. */
    public record EpochRecord(String phase, int epoch, boolean test, double seconds, long examples, Map<String, Stat> stats) {
        /** {@code sum(correct) / sum(examples)} for each population that reports both, by population name. */
        public Map<String, Double> accuracy() {
            return MetricsCollector.accuracy(stats);
        }

        /** The mean of a metric over the epoch, or NaN. */
        public double mean(String name) {
            Stat st = stats.get(name);
            return st == null ? Double.NaN : st.sum / st.count;
        }

        /** The last value of a metric in the epoch, or NaN. */
        public double last(String name) {
            Stat st = stats.get(name);
            return st == null ? Double.NaN : st.last;
        }
    }

    /** Samples of one recorded state variable: example 0's value of each recorded unit per sampled step. */
    public record StateSeries(String population, String variable, int[] units, List<Long> steps, List<float[]> values) {
    }

    /** Recorded spikes of example 0 of one population, as (step, unit) pairs. */
    public record SpikeEvents(String population, List<long[]> events) {
    }

    /** The latest traced paths of one population's variable (one per traced example of the latest minibatch). */
    public record Trajectories(String population, String variable, long step, List<TraceFrame.Trajectory> paths) {
    }

    /** Bounds on what is kept for the figures (the trace holds everything). */
    private static final int MAX_STATE_SAMPLES = 20_000;
    private static final int MAX_SPIKE_EVENTS = 200_000;

    private final TraceSink delegate;
    private final List<EpochRecord> epochs = new ArrayList<>();
    private Map<String, Stat> epochStats;
    private String epochPhase;
    private int epochNumber;
    private boolean epochTest;
    /** Confusion counts per phase and population: (label, predicted) -> count. */
    private final Map<String, Map<String, Map<List<Integer>, Long>>> confusion = new LinkedHashMap<>();
    private final Map<String, Integer> pendingLabel = new java.util.HashMap<>();
    private final Map<String, StateSeries> states = new LinkedHashMap<>();
    private final Map<String, SpikeEvents> spikes = new LinkedHashMap<>();
    private final Map<String, Trajectories> trajectories = new LinkedHashMap<>();
    private final List<String> populations;
    private final Map<String, Map<String, Stat>> byPhase = new LinkedHashMap<>();
    private String phase = "(no phase)";
    /** The latest weight snapshot of each projection (one matrix each: bounded memory). */
    private final Map<Integer, TraceFrame.Weights> lastWeights = new LinkedHashMap<>();
    /** Frames seen so far, and where each epoch began and ended among them (what a resumed run replays by). */
    private long framesSeen;
    private long epochFirstFrame;
    private final List<long[]> epochSpans = new ArrayList<>();

    /**
     * @param delegate    where the trace records go (the trace file)
     * @param populations the populations' names, by id
     */
    public MetricsCollector(TraceSink delegate, List<String> populations) {
        this.delegate = delegate;
        this.populations = List.copyOf(populations);
    }

    @Override
    public void write(TraceRecord record) throws IOException {
        delegate.write(record);
    }

    @Override
    public synchronized void frame(TraceFrame frame) {
        framesSeen++;
        if (frame instanceof TraceFrame.Weights w) {
            lastWeights.put(w.projection(), w);
        } else if (frame instanceof TraceFrame.Phase p && p.begin()) {
            phase = p.phase();
        } else if (frame instanceof TraceFrame.Metric m) {
            metric(m);
        } else if (frame instanceof TraceFrame.State st) {
            keepState(st);
        } else if (frame instanceof TraceFrame.Spikes sp) {
            keepSpikes(sp);
        } else if (frame instanceof TraceFrame.Trajectory t) {
            keepTrajectory(t);
        }
    }

    /** Keeps the paths of the latest step that traced this population's variable (bounded memory). */
    private void keepTrajectory(TraceFrame.Trajectory t) {
        String population = populationName(t.population());
        String key = population + "\u0000" + t.variable();
        Trajectories old = trajectories.get(key);
        if (old == null || old.step() != t.step()) {
            old = new Trajectories(population, t.variable(), t.step(), new ArrayList<>());
            trajectories.put(key, old);
        }
        old.paths().add(t);
    }

    private void metric(TraceFrame.Metric m) {
        boolean ofPopulation = m.population() >= 0;
        boolean perExample = m.example() >= 0;
        String population = ofPopulation ? populationName(m.population()) : "";
        String name = (ofPopulation ? population + "." : "") + m.name() + (perExample ? "[per example]" : "");
        byPhase.computeIfAbsent(phase, k -> new LinkedHashMap<>()).computeIfAbsent(name, k -> new Stat()).add(m.value());
        if (epochStats != null) {
            epochStats.computeIfAbsent(name, k -> new Stat()).add(m.value());
        }
        if (perExample && epochStats != null && epochTest) {
            confusion(population, m);
        }
    }

    private String populationName(int id) {
        return id < populations.size() ? populations.get(id) : "population-" + id;
    }

    /** Pairs each example's {@code label} with the {@code predicted} metric that follows it (readouts emit both). */
    private void confusion(String population, TraceFrame.Metric m) {
        String key = population + "#" + m.example();
        if (m.name().equals("label")) {
            pendingLabel.put(key, (int) m.value());
        } else if (m.name().equals("predicted")) {
            Integer label = pendingLabel.remove(key);
            if (label != null) {
                confusion.computeIfAbsent(phase, k -> new LinkedHashMap<>()).computeIfAbsent(population, k -> new LinkedHashMap<>())
                        .merge(List.of(label, (int) m.value()), 1L, Long::sum);
            }
        }
    }

    private void keepState(TraceFrame.State f) {
        String key = populationName(f.population()) + "." + f.variable();
        int units = f.units().length;
        StateSeries series = states.computeIfAbsent(key, k -> new StateSeries(populationName(f.population()),
                f.variable(), f.units().clone(), new ArrayList<>(), new ArrayList<>()));
        if (series.steps().size() < MAX_STATE_SAMPLES && f.values().length >= units) {
            series.steps().add(f.step());
            series.values().add(java.util.Arrays.copyOf(f.values(), units)); // example 0 comes first
        }
    }

    private void keepSpikes(TraceFrame.Spikes f) {
        SpikeEvents events = spikes.computeIfAbsent(populationName(f.population()),
                k -> new SpikeEvents(k, new ArrayList<>()));
        SpikeEmission s = f.spikes();
        int[] units = s.indices();
        for (int i = s.offsets()[0]; i < s.offsets()[1] && events.events().size() < MAX_SPIKE_EVENTS; i++) {
            events.events().add(new long[] {s.step(), units[i]}); // example 0's units, increasing
        }
    }

    /** What follows, until {@link #endEpoch}, belongs to epoch {@code epoch} (from 1) of {@code phase} (a test pass if {@code test}). */
    public synchronized void beginEpoch(String phase, int epoch, boolean test) {
        epochTest = test;
        epochPhase = phase;
        if (test) {
            confusion.remove(phase); // a phase's confusion matrices are those of its latest test pass
        }
        epochNumber = epoch;
        epochStats = new LinkedHashMap<>();
        epochFirstFrame = framesSeen;
    }

    public synchronized EpochRecord endEpoch(double seconds, long examples) {
        EpochRecord r = new EpochRecord(epochPhase, epochNumber, epochTest, seconds, examples, epochStats);
        epochs.add(r);
        epochSpans.add(new long[] {epochFirstFrame, framesSeen});
        epochStats = null;
        return r;
    }

    /**
     * What {@link #replay} needs besides the frames to rebuild this collector, as JSON: each epoch
     * ended so far (phase, number, test pass or not, seconds, examples) and the frames it spans.
     * Taken between epochs (a checkpoint).
     */
    public synchronized String saveState() {
        if (epochStats != null) {
            throw new IllegalStateException("the collector's state is saved between epochs, not inside " + epochPhase);
        }
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < epochs.size(); i++) {
            EpochRecord r = epochs.get(i);
            list.addObject().put("phase", r.phase()).put("epoch", r.epoch()).put("test", r.test())
                    .put("seconds", r.seconds()).put("examples", r.examples()).put("first-frame", epochSpans.get(i)[0])
                    .put("end-frame", epochSpans.get(i)[1]);
        }
        ObjectNode root = JSON.createObjectNode().put("frames", framesSeen);
        root.set("epochs", list);
        return root.toString();
    }

    /**
     * Rebuilds a fresh collector's state from the frames of a trace up to a checkpoint and the
     * {@link #saveState} taken there: the frames go through {@link #frame} again, inside the epochs
     * they belonged to, so aggregates, confusion matrices and figures come out as they were.
     */
    public synchronized void replay(String state, Iterable<TraceFrame> frames) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = JSON.readTree(state);
        List<com.fasterxml.jackson.databind.JsonNode> spans = new ArrayList<>();
        root.path("epochs").forEach(spans::add);
        int next = 0;
        long openEnd = -1; // the end frame of the epoch open in the replay, -1 when none is
        long index = 0;
        java.util.Iterator<TraceFrame> it = frames.iterator();
        while (true) {
            // Epochs end and begin between frames, in the order they did.
            if (openEnd == index) {
                com.fasterxml.jackson.databind.JsonNode s = spans.get(next - 1);
                endEpoch(s.path("seconds").asDouble(), s.path("examples").asLong());
                openEnd = -1;
            }
            while (openEnd < 0 && next < spans.size() && spans.get(next).path("first-frame").asLong() == index) {
                com.fasterxml.jackson.databind.JsonNode s = spans.get(next++);
                beginEpoch(s.path("phase").asText(), s.path("epoch").asInt(), s.path("test").asBoolean());
                openEnd = s.path("end-frame").asLong();
                if (openEnd == index) { // an epoch that recorded nothing
                    endEpoch(s.path("seconds").asDouble(), s.path("examples").asLong());
                    openEnd = -1;
                }
            }
            if (!it.hasNext()) {
                break;
            }
            frame(it.next());
            index++;
        }
        if (epochStats != null || next != spans.size() || index != root.path("frames").asLong()) {
            throw new IOException("the trace does not hold the frames the checkpoint's epochs span (" + index
                    + " frames read, " + root.path("frames").asLong() + " expected)");
        }
    }

    public synchronized List<EpochRecord> epochs() {
        return List.copyOf(epochs);
    }

    /** Confusion matrix (rows: label, columns: predicted) of a population in a phase's latest test pass, or null. */
    public synchronized long[][] confusion(String phase, String population) {
        Map<List<Integer>, Long> counts = confusion.getOrDefault(phase, Map.of()).get(population);
        if (counts == null) {
            return null;
        }
        int n = 0;
        for (List<Integer> k : counts.keySet()) {
            n = Math.max(n, Math.max(k.get(0), k.get(1)) + 1);
        }
        long[][] m = new long[n][n];
        counts.forEach((k, c) -> m[k.get(0)][k.get(1)] = c);
        return m;
    }

    public synchronized List<StateSeries> states() {
        return List.copyOf(states.values());
    }

    public synchronized List<SpikeEvents> spikes() {
        return List.copyOf(spikes.values());
    }

    /** The latest traced paths, per population and variable. */
    public synchronized List<Trajectories> trajectories() {
        return trajectories.values().stream().map(t -> new Trajectories(t.population(), t.variable(), t.step(),
                List.copyOf(t.paths()))).toList();
    }

    /**
     * Accuracy by population ({@code pop.correct} / {@code pop.examples}) and, for outputs that
     * split them by task, by population and task ({@code pop.correct[task]} → {@code pop[task]}).
     */
    static Map<String, Double> accuracy(Map<String, Stat> stats) {
        Map<String, Double> acc = new LinkedHashMap<>();
        for (Map.Entry<String, Stat> e : stats.entrySet()) {
            String key = e.getKey();
            int at = key.lastIndexOf(".correct");
            if (at < 0 || key.endsWith("[per example]")) {
                continue;
            }
            String suffix = key.substring(at + ".correct".length());
            if (!suffix.isEmpty() && !(suffix.startsWith("[") && suffix.endsWith("]"))) {
                continue;
            }
            String population = key.substring(0, at);
            Stat examples = stats.get(population + ".examples" + suffix);
            if (examples != null && examples.sum > 0) {
                acc.put(population + suffix, e.getValue().sum / examples.sum);
            }
        }
        return acc;
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** Each metric's last value, from the last phase that reported it. */
    public synchronized Map<String, Double> lastValues() {
        Map<String, Double> last = new LinkedHashMap<>();
        for (Map<String, Stat> phaseStats : byPhase.values()) {
            phaseStats.forEach((name, s) -> last.put(name, s.last));
        }
        return last;
    }

    /** Each metric's mean in the last phase that reported it. */
    public synchronized Map<String, Double> lastMeans() {
        Map<String, Double> means = new LinkedHashMap<>();
        for (Map<String, Stat> phaseStats : byPhase.values()) {
            phaseStats.forEach((name, s) -> means.put(name, s.sum / s.count));
        }
        return means;
    }

    /** The latest snapshot of every projection whose weights were recorded, by projection id. */
    public synchronized Map<Integer, TraceFrame.Weights> lastWeights() {
        return Map.copyOf(lastWeights);
    }

    /** Phase timings measured by the runner. */
    public record PhaseTiming(String name, long steps, double seconds, int batch) {
    }

    /**
     * {@code metrics.json}: the run (status, and {@code error} when it did not complete), its phases
     * with timings, the metrics aggregated per phase, accuracy per phase (over all its minibatches),
     * the latest test pass's accuracy per readout, per-epoch figures and the confusion matrices of
     * the latest test passes.
     */
    public synchronized String json(String scenario, long seed, String status, String error, List<PhaseTiming> phases) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", scenario);
        root.put("seed", seed);
        root.put("status", status);
        if (error != null && !error.isEmpty()) {
            root.put("error", error);
        }
        ArrayNode phaseList = root.putArray("phases");
        for (PhaseTiming p : phases) {
            ObjectNode o = phaseList.addObject();
            o.put("name", p.name());
            o.put("steps", p.steps());
            number(o, "seconds", p.seconds());
            number(o, "steps_per_second", p.steps() / p.seconds());
            number(o, "examples_per_second", p.steps() * (double) p.batch() / p.seconds());
        }
        ObjectNode metrics = root.putObject("metrics");
        for (Map.Entry<String, Map<String, Stat>> e : byPhase.entrySet()) {
            ObjectNode phaseStats = metrics.putObject(e.getKey());
            for (Map.Entry<String, Stat> m : e.getValue().entrySet()) {
                Stat st = m.getValue();
                ObjectNode o = phaseStats.putObject(m.getKey());
                o.put("count", st.count);
                number(o, "mean", st.sum / st.count);
                number(o, "min", st.min);
                number(o, "max", st.max);
                number(o, "last", st.last);
            }
        }
        ObjectNode accuracy = root.putObject("accuracy");
        for (Map.Entry<String, Map<String, Stat>> e : byPhase.entrySet()) {
            accuracy(e.getValue()).forEach((pop, a) -> number(accuracy, e.getKey() + "." + pop, a));
        }
        ObjectNode test = root.putObject("test_accuracy");
        for (EpochRecord r : epochs) {
            if (r.test()) {
                r.accuracy().forEach((pop, a) -> number(test, pop, a)); // the latest test pass counts
            }
        }
        ArrayNode epochList = root.putArray("epochs");
        for (EpochRecord r : epochs) {
            ObjectNode o = epochList.addObject();
            o.put("phase", r.phase());
            o.put("epoch", r.epoch());
            o.put("test", r.test());
            number(o, "seconds", r.seconds());
            o.put("examples", r.examples());
            number(o, "examples_per_second", r.examples() / r.seconds());
            ObjectNode fields = o.putObject("metrics");
            r.accuracy().forEach((pop, a) -> number(fields, pop + ".accuracy", a));
            r.stats().forEach((name, st) -> {
                if (!name.endsWith("[per example]")) {
                    ObjectNode f = fields.putObject(name);
                    number(f, "mean", st.sum / st.count);
                    number(f, "last", st.last);
                }
            });
        }
        ObjectNode confusions = root.putObject("confusion");
        for (Map.Entry<String, Map<String, Map<List<Integer>, Long>>> e : confusion.entrySet()) {
            for (String pop : e.getValue().keySet()) {
                ArrayNode rows = confusions.putArray(e.getKey() + "." + pop);
                for (long[] row : confusion(e.getKey(), pop)) {
                    ArrayNode r = rows.addArray();
                    for (long v : row) {
                        r.add(v);
                    }
                }
            }
        }
        try {
            return JSON.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metrics.json could not be written: " + e.getMessage(), e);
        }
    }

    /** A number, or null where it is not finite (JSON has no NaN). */
    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
