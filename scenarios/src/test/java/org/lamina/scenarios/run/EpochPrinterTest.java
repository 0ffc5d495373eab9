package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The epoch line, and the collapse guard: a warning (once per phase) when fewer than half of a layer's units ever won. */
class EpochPrinterTest {

    private static MetricsCollector.EpochRecord epoch(int number, double unitsEverWon) {
        Map<String, MetricsCollector.Stat> stats = new LinkedHashMap<>();
        MetricsCollector.Stat won = new MetricsCollector.Stat();
        won.add(unitsEverWon);
        stats.put("hidden.units_ever_won", won);
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
