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
}
