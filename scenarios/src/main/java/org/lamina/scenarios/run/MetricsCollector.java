package org.lamina.scenarios.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lamina.proto.Frame;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.trace.TraceSink;

/**
 * A trace sink in front of another that also aggregates the metric frames per phase (count,
 * mean, min, max, last), so a run can write {@code metrics.json} without reading its trace back.
 * Per-example metrics are aggregated over examples as {@code name[per example]}.
 */
public final class MetricsCollector implements TraceSink {

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
    private final Map<Integer, String> populations = new LinkedHashMap<>();
    private final Map<String, Map<String, Stat>> byPhase = new LinkedHashMap<>();
    private String phase = "(no phase)";
    /** The latest weight snapshot of each projection (one matrix each: bounded memory). */
    private final Map<Integer, org.lamina.proto.WeightSnapshot> lastWeights = new LinkedHashMap<>();
    private final Map<Integer, Long> lastWeightSteps = new LinkedHashMap<>();

    public MetricsCollector(TraceSink delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void write(TraceRecord record) throws IOException {
        delegate.write(record);
        if (record.hasHeader()) {
            for (PopulationInfo p : record.getHeader().getPopulationsList()) {
                populations.put(p.getId(), p.getName());
            }
        } else if (record.hasFrame()) {
            Frame f = record.getFrame();
            if (f.hasWeights()) {
                lastWeights.put(f.getWeights().getProjection(), f.getWeights());
                lastWeightSteps.put(f.getWeights().getProjection(), f.getStep());
            } else if (f.hasPhase() && f.getPhase().getBegin()) {
                phase = f.getPhase().getPhase();
            } else if (f.hasMetric()) {
                org.lamina.proto.Metric m = f.getMetric();
                String population = m.hasPopulation() ? populationName(m.getPopulation()) : "";
                String name = (m.hasPopulation() ? population + "." : "") + m.getName()
                        + (m.hasExample() ? "[per example]" : "");
                byPhase.computeIfAbsent(phase, k -> new LinkedHashMap<>()).computeIfAbsent(name, k -> new Stat())
                        .add(m.getValue());
                if (epochStats != null) {
                    epochStats.computeIfAbsent(name, k -> new Stat()).add(m.getValue());
                }
                if (m.hasExample() && epochStats != null && epochTest) {
                    confusion(population, m);
                }
            } else if (f.hasState()) {
                keepState(f.getStep(), f.getState());
            } else if (f.hasSpikes()) {
                keepSpikes(f.getStep(), f.getSpikes());
            }
        }
    }

    private String populationName(int id) {
        return populations.getOrDefault(id, "population-" + id);
    }

    /** Pairs each example's {@code label} with the {@code predicted} metric that follows it (readouts emit both). */
    private void confusion(String population, org.lamina.proto.Metric m) {
        String key = population + "#" + m.getExample();
        if (m.getName().equals("label")) {
            pendingLabel.put(key, (int) m.getValue());
        } else if (m.getName().equals("predicted")) {
            Integer label = pendingLabel.remove(key);
            if (label != null) {
                confusion.computeIfAbsent(phase, k -> new LinkedHashMap<>()).computeIfAbsent(population, k -> new LinkedHashMap<>())
                        .merge(List.of(label, (int) m.getValue()), 1L, Long::sum);
            }
        }
    }

    private void keepState(long step, org.lamina.proto.StateFrame f) {
        String key = populationName(f.getPopulation()) + "." + f.getVariable();
        int units = f.getUnitsCount();
        StateSeries series = states.computeIfAbsent(key, k -> new StateSeries(populationName(f.getPopulation()),
                f.getVariable(), f.getUnitsList().stream().mapToInt(Integer::intValue).toArray(), new ArrayList<>(),
                new ArrayList<>()));
        if (series.steps().size() < MAX_STATE_SAMPLES && f.getValuesCount() >= units) {
            float[] v = new float[units];
            for (int u = 0; u < units; u++) {
                v[u] = f.getValues(u); // example 0 comes first
            }
            series.steps().add(step);
            series.values().add(v);
        }
    }

    private void keepSpikes(long step, org.lamina.proto.SpikeFrame f) {
        SpikeEvents events = spikes.computeIfAbsent(populationName(f.getPopulation()),
                k -> new SpikeEvents(k, new ArrayList<>()));
        org.lamina.proto.SpikeSet set = f.getSpikes();
        int count = set.getCountsCount() > 0 ? set.getCounts(0) : 0;
        long unit = 0;
        for (int i = 0; i < count && events.events().size() < MAX_SPIKE_EVENTS; i++) {
            unit += set.getIndexDeltas(i);
            events.events().add(new long[] {step, unit});
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
    }

    public synchronized EpochRecord endEpoch(double seconds, long examples) {
        EpochRecord r = new EpochRecord(epochPhase, epochNumber, epochTest, seconds, examples, epochStats);
        epochs.add(r);
        epochStats = null;
        return r;
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

    /** Each metric's mean in the last phase that reported it. */
    public synchronized Map<String, Double> lastMeans() {
        Map<String, Double> means = new LinkedHashMap<>();
        for (Map<String, Stat> phaseStats : byPhase.values()) {
            phaseStats.forEach((name, s) -> means.put(name, s.sum / s.count));
        }
        return means;
    }

    /** The latest snapshot of every projection whose weights were recorded. */
    public synchronized Map<Integer, org.lamina.proto.WeightSnapshot> lastWeights() {
        return Map.copyOf(lastWeights);
    }

    public synchronized long lastWeightsStep(int projection) {
        return lastWeightSteps.getOrDefault(projection, -1L);
    }

    /** Phase timings measured by the runner. */
    public record PhaseTiming(String name, long steps, double seconds, int batch) {
    }

    /**
     * {@code metrics.json}: the run, its phases with timings, the metrics aggregated per phase,
     * accuracy per phase (over all its minibatches), the latest test pass's accuracy per readout,
     * per-epoch figures and the confusion matrices of the latest test passes.
     */
    public synchronized String json(String scenario, long seed, String status, List<PhaseTiming> phases) {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"scenario\": ").append(str(scenario)).append(",\n");
        j.append("  \"seed\": ").append(seed).append(",\n");
        j.append("  \"status\": ").append(str(status)).append(",\n");
        j.append("  \"phases\": [");
        List<String> items = new ArrayList<>();
        for (PhaseTiming p : phases) {
            items.add(String.format(Locale.ROOT,
                    "\n    {\"name\": %s, \"steps\": %d, \"seconds\": %.4f, \"steps_per_second\": %s, \"examples_per_second\": %s}",
                    str(p.name()), p.steps(), p.seconds(), num(p.steps() / p.seconds()),
                    num(p.steps() * (double) p.batch() / p.seconds())));
        }
        j.append(String.join(",", items)).append(phases.isEmpty() ? "],\n" : "\n  ],\n");
        j.append("  \"metrics\": {");
        List<String> phaseItems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Stat>> e : byPhase.entrySet()) {
            List<String> stats = new ArrayList<>();
            for (Map.Entry<String, Stat> m : e.getValue().entrySet()) {
                Stat s = m.getValue();
                stats.add(String.format(Locale.ROOT,
                        "\n      %s: {\"count\": %d, \"mean\": %s, \"min\": %s, \"max\": %s, \"last\": %s}",
                        str(m.getKey()), s.count, num(s.sum / s.count), num(s.min), num(s.max), num(s.last)));
            }
            phaseItems.add("\n    " + str(e.getKey()) + ": {" + String.join(",", stats) + "\n    }");
        }
        j.append(String.join(",", phaseItems)).append(byPhase.isEmpty() ? "},\n" : "\n  },\n");
        j.append("  \"accuracy\": {");
        List<String> accItems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Stat>> e : byPhase.entrySet()) {
            accuracy(e.getValue()).forEach((pop, a) -> accItems.add("\n    " + str(e.getKey() + "." + pop) + ": " + num(a)));
        }
        j.append(String.join(",", accItems)).append(accItems.isEmpty() ? "},\n" : "\n  },\n");
        j.append("  \"test_accuracy\": {");
        Map<String, Double> test = new LinkedHashMap<>();
        for (EpochRecord r : epochs) {
            if (r.test()) {
                test.putAll(r.accuracy()); // the latest test pass counts
            }
        }
        j.append(String.join(",", test.entrySet().stream().map(e -> "\n    " + str(e.getKey()) + ": " + num(e.getValue()))
                .toList())).append(test.isEmpty() ? "},\n" : "\n  },\n");
        j.append("  \"epochs\": [");
        List<String> epochItems = new ArrayList<>();
        for (EpochRecord r : epochs) {
            List<String> fields = new ArrayList<>();
            r.accuracy().forEach((pop, a) -> fields.add(str(pop + ".accuracy") + ": " + num(a)));
            r.stats().forEach((name, st) -> {
                if (!name.endsWith("[per example]")) {
                    fields.add(str(name) + ": {\"mean\": " + num(st.sum / st.count) + ", \"last\": " + num(st.last) + "}");
                }
            });
            epochItems.add(String.format(Locale.ROOT,
                    "\n    {\"phase\": %s, \"epoch\": %d, \"test\": %b, \"seconds\": %.4f, \"examples\": %d, \"examples_per_second\": %s,"
                            + " \"metrics\": {%s}}",
                    str(r.phase()), r.epoch(), r.test(), r.seconds(), r.examples(), num(r.examples() / r.seconds()),
                    String.join(", ", fields)));
        }
        j.append(String.join(",", epochItems)).append(epochItems.isEmpty() ? "],\n" : "\n  ],\n");
        j.append("  \"confusion\": {");
        List<String> confItems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Map<List<Integer>, Long>>> e : confusion.entrySet()) {
            for (String pop : e.getValue().keySet()) {
                long[][] m = confusion(e.getKey(), pop);
                List<String> rows = new ArrayList<>();
                for (long[] row : m) {
                    rows.add(java.util.Arrays.toString(row));
                }
                confItems.add("\n    " + str(e.getKey() + "." + pop) + ": [" + String.join(", ", rows) + "]");
            }
        }
        j.append(String.join(",", confItems)).append(confItems.isEmpty() ? "}\n" : "\n  }\n");
        return j.append("}\n").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
