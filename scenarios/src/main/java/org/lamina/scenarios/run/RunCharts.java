package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of a run folder, drawn from what {@link MetricsCollector} kept: the accuracy
 * curve over epochs ({@code accuracy.png}), the recorded state variables over time
 * ({@code state-<population>-<variable>.png}, example 0, up to {@value #MAX_LINES} units), spike
 * rasters ({@code raster-<population>.png}, example 0), the latest traced settling paths
 * ({@code settling-<population>.png}) and, for layers that learn from their dynamics, the sizes
 * of the learning signal's sets over the epochs ({@code active-sets-<population>.png}).
 */
final class RunCharts {
    static final int MAX_LINES = 20;

    private RunCharts() {
    }

    /**
     * Accuracy against training epochs (those that report an accuracy, counted across phases),
     * one series per training phase and population plus one per population for the test passes,
     * each placed at the training epoch it follows; null when nothing reported an accuracy.
     */
    static Path accuracy(List<MetricsCollector.EpochRecord> epochs, Path dir) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        int trained = 0;
        for (MetricsCollector.EpochRecord r : epochs) {
            Map<String, Double> acc = r.accuracy();
            if (!r.test() && !acc.isEmpty()) {
                trained++;
            }
            int x = trained;
            String label = r.test() ? "test" : r.phase() + " (training minibatches)";
            acc.forEach((pop, a) -> series.computeIfAbsent(label + ", " + pop, k -> new ArrayList<>())
                    .add(new double[] {x, 100 * a}));
        }
        if (series.isEmpty()) {
            return null;
        }
        XYChart c = new XYChartBuilder().width(700).height(450).title("Accuracy").xAxisTitle("training epochs")
                .yAxisTitle("accuracy (%)").build();
        series.forEach((name, points) -> {
            XYSeries s = c.addSeries(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        Path png = dir.resolve("accuracy.png");
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    /** One figure per recorded state variable: its value against time for the first units. */
    static List<Path> states(List<MetricsCollector.StateSeries> states, double dtMs, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (MetricsCollector.StateSeries s : states) {
            if (s.steps().isEmpty()) {
                continue;
            }
            double[] t = s.steps().stream().mapToDouble(step -> step * dtMs).toArray();
            XYChart c = new XYChartBuilder().width(800).height(450).title(s.population() + "." + s.variable() + " (example 0)")
                    .xAxisTitle("time (ms)").yAxisTitle(s.variable()).build();
            c.getStyler().setLegendVisible(s.units().length <= 10);
            for (int u = 0; u < Math.min(MAX_LINES, s.units().length); u++) {
                double[] y = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    y[i] = s.values().get(i)[u];
                }
                c.addSeries("unit " + s.units()[u], t, y).setMarker(SeriesMarkers.NONE);
            }
            Path png = dir.resolve("state-" + s.population() + "-" + s.variable() + ".png");
            BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            out.add(png);
        }
        return out;
    }

    /** The sets a layer's dynamics choose, per example on average, by metric name (the layer's metrics). */
    static final List<String> SET_METRICS = List.of("active_units", "hebbian_units", "anti_hebbian_units");

    /**
     * One figure per population whose learning signal came from its dynamics: the mean sizes of
     * the active, Hebbian and anti-Hebbian sets per example against training epochs.
     */
    static List<Path> activeSets(List<MetricsCollector.EpochRecord> epochs, Path dir) throws IOException {
        Map<String, Map<String, List<double[]>>> byPopulation = new LinkedHashMap<>();
        int trained = 0;
        for (MetricsCollector.EpochRecord r : epochs) {
            if (r.test()) {
                continue;
            }
            boolean counted = false;
            for (String key : r.stats().keySet()) {
                int dot = key.lastIndexOf('.');
                if (dot < 0 || !SET_METRICS.contains(key.substring(dot + 1))) {
                    continue;
                }
                if (!counted) {
                    trained++;
                    counted = true;
                }
                byPopulation.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>())
                        .computeIfAbsent(key.substring(dot + 1), k -> new ArrayList<>())
                        .add(new double[] {trained, r.mean(key)});
            }
        }
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<double[]>>> e : byPopulation.entrySet()) {
            XYChart c = new XYChartBuilder().width(700).height(450)
                    .title(e.getKey() + ": units per example in the learning signal's sets").xAxisTitle("training epochs")
                    .yAxisTitle("units (mean per example)").build();
            e.getValue().forEach((name, points) -> c.addSeries(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()).setMarker(SeriesMarkers.CIRCLE));
            Path png = dir.resolve("active-sets-" + e.getKey() + ".png");
            BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            out.add(png);
        }
        return out;
    }

    /** One figure per traced population: h(t) of the latest traced examples, their traced units each. */
    static List<Path> settling(List<MetricsCollector.Trajectories> traced, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (MetricsCollector.Trajectories t : traced) {
            XYChart c = new XYChartBuilder().width(800).height(450)
                    .title(t.population() + "." + t.variable() + " settling, step " + t.step() + " (a line per unit, "
                            + "a colour per example)").xAxisTitle("time (ms)").yAxisTitle(t.variable()).build();
            c.getStyler().setLegendVisible(false);
            java.awt.Color[] colours = c.getStyler().getSeriesColors();
            int e = 0;
            for (org.lamina.sim.trace.TraceFrame.Trajectory path : t.paths()) {
                int units = path.units().length;
                double[] time = new double[path.samples()];
                for (int s = 0; s < time.length; s++) {
                    time[s] = s * path.dtMs();
                }
                for (int u = 0; u < units; u++) {
                    double[] y = new double[time.length];
                    for (int s = 0; s < time.length; s++) {
                        y[s] = path.values()[s * units + u];
                    }
                    XYSeries series = c.addSeries("example " + path.example() + " unit " + path.units()[u], time, y);
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineColor(colours[e % colours.length]);
                }
                e++;
            }
            Path png = dir.resolve("settling-" + t.population() + ".png");
            BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            out.add(png);
        }
        return out;
    }

    /** One spike raster per recorded population (example 0). */
    static List<Path> rasters(List<MetricsCollector.SpikeEvents> spikes, double dtMs, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (MetricsCollector.SpikeEvents s : spikes) {
            if (s.events().isEmpty()) {
                continue;
            }
            XYChart c = new XYChartBuilder().width(800).height(450).title(s.population() + " spikes (example 0)")
                    .xAxisTitle("time (ms)").yAxisTitle("unit").build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.getStyler().setMarkerSize(2);
            c.getStyler().setLegendVisible(false);
            c.addSeries("spikes", s.events().stream().mapToDouble(e -> e[0] * dtMs).toArray(),
                    s.events().stream().mapToDouble(e -> e[1]).toArray());
            Path png = dir.resolve("raster-" + s.population() + ".png");
            BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            out.add(png);
        }
        return out;
    }
}
