package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.lamina.scenarios.dsl.Sweep;

/** One chart per result column of a sweep: the column against the first axis, one line per setting of the others. */
final class SweepCharts {
    private SweepCharts() {
    }

    /** {@code sweep-<column>.png}, or nothing when the first axis is not numeric. */
    static Optional<Path> column(Sweep sweep, List<Sweep.Point> points, List<Map<String, Double>> results, String column,
                                 Path dir) throws IOException {
        String axis = sweep.grid().keySet().iterator().next();
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            Map<String, String> settings = points.get(i).settings();
            Double y = results.get(i).get(column);
            double x;
            try {
                x = Double.parseDouble(settings.get(axis));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (y == null) {
                continue;
            }
            List<String> others = new ArrayList<>();
            settings.forEach((k, v) -> {
                if (!k.equals(axis)) {
                    others.add(shortName(k) + " = " + v);
                }
            });
            lines.computeIfAbsent(others.isEmpty() ? column : String.join(", ", others), k -> new ArrayList<>())
                    .add(new double[] {x, y});
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(700).height(450).title(column).xAxisTitle(shortName(axis))
                .yAxisTitle(column).build();
        for (Map.Entry<String, List<double[]>> e : lines.entrySet()) {
            List<double[]> pts = e.getValue();
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            chart.addSeries(e.getKey(), pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray());
        }
        Path png = dir.resolve("sweep-" + column.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return Optional.of(png);
    }

    private static String shortName(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
