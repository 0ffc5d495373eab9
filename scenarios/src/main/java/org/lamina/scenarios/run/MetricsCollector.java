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
    static final class Stat {
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

    private final TraceSink delegate;
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
                String name = (f.getMetric().hasPopulation()
                        ? populations.getOrDefault(f.getMetric().getPopulation(), "population-" + f.getMetric().getPopulation()) + "."
                        : "") + f.getMetric().getName() + (f.getMetric().hasExample() ? "[per example]" : "");
                byPhase.computeIfAbsent(phase, k -> new LinkedHashMap<>()).computeIfAbsent(name, k -> new Stat())
                        .add(f.getMetric().getValue());
            }
        }
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

    /** {@code metrics.json}: the run, its phases with timings, and the aggregated metrics per phase. */
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
        j.append(String.join(",", phaseItems)).append(byPhase.isEmpty() ? "}\n" : "\n  }\n");
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
