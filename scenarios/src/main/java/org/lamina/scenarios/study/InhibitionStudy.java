package org.lamina.scenarios.study;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lamina.neurons.input.PatternInput;
import org.lamina.neurons.krotov.KrotovHopfield;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.run.KernelChoice;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.trace.MemoryTraceSink;

/**
 * The lateral-inhibition sweep: for each inhibition strength w_inh, one engine run of a random
 * analog stimulus (pixel-like, uniform in [0, 1)) into a Krotov–Hopfield population with
 * N(0, 1) weights, one presentation per example. Collects the population's own per-presentation
 * metrics: active units, settling steps, fraction converged, and how the settled state's learning
 * signal compares with the ranking shortcut's: the winners (equal by construction: the dynamics
 * keep the order of the currents), the Hebbian set against the top unit and the anti-Hebbian set
 * against the rank-k unit.
 */
public final class InhibitionStudy {

    /** The study's fixed settings. */
    public record Settings(int inputs, int units, int batch, int maxSteps, double dtMs, String integrator, long seed) {
    }

    /** One sweep point. */
    public record Point(double inhibition, double activeUnits, double settleSteps, double converged, double agreement,
                        double hebbianUnits, double top1Agreement, double kthOverlap) {
    }

    private InhibitionStudy() {
    }

    public static Point run(ActorSystem<?> system, Settings s, KernelChoice kernels, double inhibition) {
        KrotovHopfield model = KrotovHopfield.defaults().withInhibition(inhibition).withIntegrator(s.integrator())
                .withOutput(KrotovHopfield.Output.NONE);
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("stimulus", s.inputs(), s.batch(), PatternInput.analog(s.maxSteps())),
                new PopulationSpec("kh", s.units(), s.batch(), model)),
                List.of(new ProjectionSpec("stimulus", "kh", 1, WeightInit.normal(0, 1))), s.dtMs(), s.seed());
        MemoryTraceSink sink = new MemoryTraceSink();
        // One presentation, plus the first step of a second one, which closes the first's report.
        Simulation.start(system, net, RecordingSpec.none(), sink,
                        new RunInfo("inhibition-study", "", kernels.traceHeader()), kernels.services())
                .runToEnd(s.maxSteps() + 2L);
        List<String> names = List.of("mean_active_units", "mean_settle_steps", "converged_fraction",
                "ode_shortcut_agreement", "hebbian_units", "ode_top1_agreement", "ode_kth_overlap");
        double[] m = new double[names.size()];
        boolean[] seen = new boolean[names.size()];
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric()) {
                int k = names.indexOf(r.getFrame().getMetric().getName());
                if (k >= 0 && !seen[k]) {
                    m[k] = r.getFrame().getMetric().getValue();
                    seen[k] = true;
                }
            }
        }
        for (int k = 0; k < names.size(); k++) {
            if (!seen[k]) {
                throw new IllegalStateException("the population reported no " + names.get(k) + " for w_inh = " + inhibition);
            }
        }
        return new Point(inhibition, m[0], m[1], m[2], m[3], m[4], m[5], m[6]);
    }

    public static List<Point> sweep(ActorSystem<?> system, Settings s, KernelChoice kernels, double[] inhibitions,
                                    PrintStream out) {
        out.printf("lateral-inhibition sweep: %d units, %d inputs, batch %d, %s, dt %.2f ms, tau 10 ms, cap %d steps, seed %d%n",
                s.units(), s.inputs(), s.batch(), s.integrator(), s.dtMs(), s.maxSteps(), s.seed());
        out.println("| w_inh | active units | settling steps | converged | ODE winner = shortcut top"
                + " | Hebbian units (h >= 0.5 max h) | Hebbian set = shortcut top | anti-Hebbian set holds rank k |");
        out.println("|---|---|---|---|---|---|---|---|");
        List<Point> points = new ArrayList<>();
        for (double w : inhibitions) {
            Point p = run(system, s, kernels, w);
            points.add(p);
            out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", w, p.activeUnits(),
                    p.settleSteps(), p.converged(), p.agreement(), p.hebbianUnits(), p.top1Agreement(), p.kthOverlap());
        }
        return points;
    }

    public static void writeCsv(List<Point> points, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("w_inh,active_units,settle_steps,converged,ode_shortcut_agreement,hebbian_units,ode_top1_agreement,"
                + "ode_kth_overlap");
        for (Point p : points) {
            lines.add(String.format(Locale.ROOT, "%s,%.4f,%.2f,%.4f,%.4f,%.4f,%.4f,%.4f", p.inhibition(), p.activeUnits(),
                    p.settleSteps(), p.converged(), p.agreement(), p.hebbianUnits(), p.top1Agreement(),
                    p.kthOverlap()));
        }
        Files.write(file, lines);
    }

    /** Three panels side by side against w_inh (log axis; w_inh = 0 is left out of the plot). */
    public static void writePlot(List<Point> points, Settings s, Path png) throws IOException {
        List<Point> positive = points.stream().filter(p -> p.inhibition() > 0).toList();
        if (positive.isEmpty()) {
            return;
        }
        double[] x = positive.stream().mapToDouble(Point::inhibition).toArray();
        XYChart active = chart("Active units at steady state", "active units (mean over examples)");
        active.addSeries("active", x, positive.stream().mapToDouble(Point::activeUnits).toArray()).setMarker(SeriesMarkers.CIRCLE);
        active.getStyler().setYAxisLogarithmic(true);
        XYChart settle = chart("Settling time", "steps to |dh/dt| < eps (dt = " + s.dtMs() + " ms)");
        settle.addSeries("settle", x, positive.stream().mapToDouble(Point::settleSteps).toArray()).setMarker(SeriesMarkers.CIRCLE);
        XYChart agree = chart("Learning signal vs ranking shortcut", "fraction of examples");
        agree.addSeries("winner = top", x, positive.stream().mapToDouble(Point::agreement).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        agree.addSeries("Hebbian set = top", x, positive.stream().mapToDouble(Point::top1Agreement).toArray())
                .setMarker(SeriesMarkers.DIAMOND);
        agree.addSeries("anti-Hebbian set holds rank k", x, positive.stream().mapToDouble(Point::kthOverlap).toArray())
                .setMarker(SeriesMarkers.SQUARE);
        agree.getStyler().setYAxisMin(0.0).setYAxisMax(1.05).setLegendVisible(true);
        BitmapEncoder.saveBitmap(List.of(active, settle, agree), 1, 3, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String yLabel) {
        XYChart c = new XYChartBuilder().width(520).height(400).title(title).xAxisTitle("w_inh (log)").yAxisTitle(yLabel).build();
        c.getStyler().setXAxisLogarithmic(true).setLegendVisible(false);
        return c;
    }
}
