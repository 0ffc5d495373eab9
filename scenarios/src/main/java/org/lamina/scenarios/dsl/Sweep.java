package org.lamina.scenarios.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter grid over scenario keys: one run per point of the cartesian product, in the order
 * the keys and values are written. {@code objective} (a metric name as in metrics.json, e.g.
 * {@code kh.mean_active_units}: its mean; or {@code test_accuracy.<population>}) and
 * {@code goal} ({@code min} or {@code max}) pick the best point; {@code report} names metrics
 * whose last value each point adds to the results (e.g. {@code hidden.units_ever_won}).
 */
public record Sweep(Map<String, List<String>> grid, String objective, String goal, List<String> report) {

    /** One point: the overrides that make it ({@code key=value}), in grid order. */
    public record Point(int index, Map<String, String> settings) {
        public List<String> overrides() {
            List<String> o = new ArrayList<>();
            settings.forEach((k, v) -> o.add(k + "=" + v));
            return o;
        }

        /** A folder-friendly label, e.g. {@code 003-inhibition=0.1}, at most 100 characters (the index keeps it unique). */
        public String label() {
            StringBuilder sb = new StringBuilder(String.format("%03d", index));
            settings.forEach((k, v) -> sb.append('-').append(k.substring(k.lastIndexOf('.') + 1)).append('=').append(v));
            String label = sb.toString().replaceAll("[^A-Za-z0-9._=-]", "_");
            return label.length() > 100 ? label.substring(0, 100) : label;
        }
    }

    public Sweep {
        grid = new LinkedHashMap<>(grid);
        report = List.copyOf(report);
    }

    public List<Point> points() {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            points.add(new Point(i, combos.get(i)));
        }
        return points;
    }
}
