package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.neurons.softhebb.SoftHebbLayer;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/**
 * The epoch line, and the collapse guard: a warning (once per phase) when fewer than half of a
 * layer's units ever won, and another when fewer than half won during an epoch or the top 1%
 * of them held more than half of its wins.
 */
class EpochPrinterTest {

    private static MetricsCollector.EpochRecord epoch(int number, double unitsEverWon) {
        return epoch(number, unitsEverWon, Double.NaN, Double.NaN);
    }

    /**
     * An epoch record; NaN leaves out units_ever_won (no periodic report in the epoch) or the
     * per-epoch win metrics (no layer epoch ended in it).
     */
    private static MetricsCollector.EpochRecord epoch(int number, double unitsEverWon, double wonThisEpoch,
                                                      double top1pctShare) {
        Map<String, MetricsCollector.Stat> stats = new LinkedHashMap<>();
        if (!Double.isNaN(unitsEverWon)) {
            stats.put("hidden.units_ever_won", stat(unitsEverWon));
        }
        if (!Double.isNaN(wonThisEpoch)) {
            stats.put("hidden.units_won_this_epoch", stat(wonThisEpoch));
            stats.put("hidden.top1pct_win_share", stat(top1pctShare));
        }
        MetricsCollector.Stat norm = new MetricsCollector.Stat();
        norm.add(1.25);
        stats.put("hidden.mean_row_norm", norm);
        MetricsCollector.Stat correct = new MetricsCollector.Stat();
        correct.add(45);
        correct.add(47);
        stats.put("readout.correct", correct);
        MetricsCollector.Stat examples = new MetricsCollector.Stat();
        examples.add(50);
        examples.add(50);
        stats.put("readout.examples", examples);
        return new MetricsCollector.EpochRecord("unsupervised", number, false, 2.0, 100, stats);
    }

    @Test
    void aCollapsingLayerIsWarnedAboutOncePerPhase() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EpochPrinter printer = new EpochPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of("hidden", 100));
        printer.print(epoch(1, 60), 3);
        printer.print(epoch(2, 49), 3);
        printer.print(epoch(3, 6), 3);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("unsupervised epoch 1/3: 2.0 s, 50 examples/s; readout accuracy 92.00%"), out);
        assertTrue(out.contains("hidden units ever won 60, mean row norm 1.25"), out);
        assertEquals(1, out.split("WARNING", -1).length - 1, out);
        assertTrue(out.contains("WARNING: only 49 of 100 units of hidden have ever won"), out);
    }

    @Test
    void aLayerWhoseUnitsAllWonOnceButFewStillWinIsWarnedAbout() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EpochPrinter printer = new EpochPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of("hidden", 100));
        printer.print(epoch(1, 100, 100, 0.03), 4);
        printer.print(epoch(2, 100, 50, 0.1), 4); // half still winning: not yet a collapse
        printer.print(epoch(3, 100, 7, 0.4), 4);
        printer.print(epoch(4, 100, 3, 0.9), 4); // once per phase
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("hidden units ever won 100, won this epoch 100 (top 1% of units 3.0% of wins),"
                + " mean row norm 1.25"), out);
        assertEquals(1, out.split("WARNING", -1).length - 1, out);
        assertTrue(out.contains("WARNING: 7 of 100 units of hidden won during epoch 3 and the top 1% of units held"
                + " 40.0% of its wins: the layer is collapsing"), out);
        assertTrue(out.indexOf("WARNING") > out.indexOf("epoch 2/4") && out.indexOf("WARNING") < out.indexOf("epoch 3/4"),
                "the warning comes before its epoch's line, as the ever-won one does: " + out);
    }

    @Test
    void aSoftHebbLayerMadeToCollapseGetsTheWarningFromItsOwnMetrics() {
        // As SoftHebbLayerTest: 100 units each win their own example in epoch 1, then only units 3 and 7 win.
        int rows = 100;
        int cols = 100;
        int batch = 10;
        SoftHebbLayer layer = new SoftHebbLayer(12, 1e-4, 0.2, SoftHebbParams.Variant.SOFT, false, 0, 10,
                SoftHebbLayer.Features.SOFTMAX, 5, rows);
        IncomingProjection in = new IncomingProjection(0, "image", cols, rows, 1, WeightInit.normal(0, 0.5),
                new Plasticity(SoftHebbLayer.RULE, PhaseKind.UNSUPERVISED), CounterRng.stream(3, CounterRng.WEIGHT_INIT, 0));
        PopulationContext ctx = new PopulationContext(1, "hidden", rows, batch, 1.0,
                CounterRng.stream(3, CounterRng.POPULATION, 1), List.of(in), Services.of(Kernels.java()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EpochPrinter printer = new EpochPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of("hidden", rows));
        try (PopulationModel model = layer.create(ctx)) {
            float[] w0 = model.weights(0).clone();
            model.phase(new Phase("unsupervised", PhaseKind.UNSUPERVISED, new TreeSet<>(Set.of(0))), true);
            long step = 0;
            for (int epoch = 1; epoch <= 3; epoch++) {
                Map<String, MetricsCollector.Stat> stats = new LinkedHashMap<>();
                Emitter out = new MetricsOnly(stats);
                for (int m = 0; m < rows / batch; m++) {
                    float[] x = new float[batch * cols];
                    for (int e = 0; e < batch; e++) {
                        int unit = epoch == 1 ? m * batch + e : e % 2 == 0 ? 3 : 7;
                        System.arraycopy(w0, unit * cols, x, e * cols, cols);
                    }
                    DenseEmission d = new DenseEmission(step, batch, cols, x);
                    model.step(step++, () -> List.of(new StepInputs.Arrival(0, d)), out);
                }
                printer.print(new MetricsCollector.EpochRecord("unsupervised", epoch, false, 1.0, rows, stats), 3);
            }
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("unsupervised epoch 1/3: 1.0 s, 100 examples/s; hidden units ever won 100, won this epoch"
                + " 100 (top 1% of units 1.0% of wins)"), out);
        assertEquals(1, out.split("WARNING", -1).length - 1, out);
        assertTrue(out.contains("WARNING: 2 of 100 units of hidden won during epoch 2 and the top 1% of units held 50.0%"
                + " of its wins"), out);
        assertTrue(out.contains("unsupervised epoch 3/3: 1.0 s, 100 examples/s; hidden units ever won 100, won this epoch 2"),
                out);
    }

    /** Keeps a layer's metrics as the collector keeps an epoch's (by population and name); the layer emits nothing else while it learns. */
    private record MetricsOnly(Map<String, MetricsCollector.Stat> stats) implements Emitter {
        @Override
        public void metric(String name, double value) {
            stats.computeIfAbsent("hidden." + name, k -> new MetricsCollector.Stat()).add(value);
        }

        @Override
        public void metric(String name, int example, double value) {
            throw new AssertionError("no per-example metric expected");
        }

        @Override
        public void spikes(int[] offsets, int[] indices) {
            throw new AssertionError("nothing is emitted while learning");
        }

        @Override
        public void dense(float[] values, int width) {
            throw new AssertionError("nothing is emitted while learning");
        }
    }

    @Test
    void anEpochShorterThanTheReportIntervalStillShowsItsWins() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EpochPrinter printer = new EpochPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of("hidden", 100));
        printer.print(epoch(1, Double.NaN, 30, 0.2), 1);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("hidden won this epoch 30 (top 1% of units 20.0% of wins), mean row norm 1.25"), out);
        assertTrue(out.contains("WARNING: 30 of 100 units of hidden won during epoch 1"), out);
        assertEquals(1, out.split("WARNING", -1).length - 1, out);
    }

    @Test
    void aFewUnitsHoldingMostOfAnEpochsWinsIsACollapseToo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EpochPrinter printer = new EpochPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of("hidden", 100));
        printer.print(epoch(1, 100, 90, 0.5), 2); // exactly half: not more than half
        printer.print(epoch(2, 100, 90, 0.62), 2);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.split("WARNING", -1).length - 1, out);
        assertTrue(out.contains("WARNING: 90 of 100 units of hidden won during epoch 2 and the top 1% of units held"
                + " 62.0% of its wins"), out);
    }

    private static MetricsCollector.Stat stat(double... values) {
        MetricsCollector.Stat s = new MetricsCollector.Stat();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    @Test
    void anOutputSplitByTaskGetsAnAccuracyPerTaskWithoutALossOfItsOwn() {
        Map<String, MetricsCollector.Stat> stats = new LinkedHashMap<>();
        stats.put("out.loss", stat(0.5, 0.3));
        stats.put("out.correct", stat(30, 34));
        stats.put("out.examples", stat(40, 40));
        stats.put("out.correct[left]", stat(18, 19));
        stats.put("out.examples[left]", stat(20, 20));
        stats.put("out.correct[right]", stat(12, 15));
        stats.put("out.examples[right]", stat(20, 20));
        stats.put("out.label[per example]", stat(1, 2)); // per-example metrics are not accuracies
        stats.put("out.correctness", stat(1)); // nor is a name that merely starts like one
        MetricsCollector.EpochRecord r = new MetricsCollector.EpochRecord("supervised", 1, true, 1.0, 80, stats);
        Map<String, Double> acc = r.accuracy();
        assertEquals(java.util.List.of("out", "out[left]", "out[right]"), java.util.List.copyOf(acc.keySet()));
        assertEquals(0.8, acc.get("out"), 1e-12);
        assertEquals(0.925, acc.get("out[left]"), 1e-12);
        assertEquals(0.675, acc.get("out[right]"), 1e-12);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EpochPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of()).print(r, 1);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("out accuracy 80.00%, loss 0.4000; out[left] accuracy 92.50%; out[right] accuracy 67.50%"),
                out);
    }
}
