package org.lamina.scenarios.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.neurons.krotov.KrotovHopfield;
import org.lamina.scenarios.cli.Main;

class SweepTest {

    @TempDir
    Path dir;

    static final String BASE = String.join("\n",
            "name = small-sweep",
            "batch = 3",
            "network {",
            "  populations {",
            "    stimulus { size = 20, model = pattern-input, coding = analog, steps-per-presentation = 300 }",
            "    kh { size = 30, model = krotov-hopfield, inhibition = 0.1, output = none }",
            "  }",
            "  projections = [ { source = stimulus, target = kh, init = { kind = normal, mean = 0, std = 1 } } ]",
            "}",
            "schedule = [ { phase = settle, steps = 302 } ]",
            "");

    private Path write(String sweep) throws IOException {
        Path f = dir.resolve("sweep.conf");
        Files.writeString(f, BASE + sweep);
        return f;
    }

    @Test
    void everyPointOfTheGridIsResolvedInOrder() throws IOException {
        Path f = write("sweep { grid { \"network.populations.kh.inhibition\" = [0, 0.5], seed = [1, 2, 3] } }");
        ScenarioParser.Plan plan = ScenarioParser.plan(f, List.of());
        assertEquals(6, plan.points().size());
        assertEquals(0.0, ((KrotovHopfield) plan.points().get(0).populations().get(1).model()).inhibition());
        assertEquals(3, plan.points().get(2).seed());
        assertEquals(0.5, ((KrotovHopfield) plan.points().get(5).populations().get(1).model()).inhibition());
    }

    @Test
    void overridesCanGiveOrNarrowTheSweep() throws IOException {
        Path f = write("sweep { grid { \"network.populations.kh.inhibition\" = [0, 0.5], seed = [1, 2, 3] } }");
        ScenarioParser.Plan narrowed = ScenarioParser.plan(f, List.of("sweep.grid.seed=[4]"));
        assertEquals(2, narrowed.points().size());
        assertEquals(4, narrowed.points().get(1).seed());
        Path plain = write("");
        ScenarioParser.Plan given = ScenarioParser.plan(plain, List.of("sweep={grid{seed=[7, 8]}}"));
        assertEquals(List.of(7L, 8L), given.points().stream().map(Scenario::seed).toList());
    }

    /** A readout's test accuracy can be the objective; reported metrics add their last values; each column gets a chart. */
    @Test
    void aSweepReportsTestAccuraciesAndMetricsWithACharPerColumn() throws IOException {
        Path f = dir.resolve("readout-sweep.conf");
        Files.writeString(f, String.join("\n",
                "name = readout-sweep", "batch = 20", "backend = java",
                "dataset { source = bars, limit = 200, test-limit = 100 }",
                "network { populations {",
                "  image { size = 64, model = dataset-input }",
                "  labels { size = 17, model = dataset-input, emit = labels }",
                "  readout { size = 17, model = readout, features-from = image, labels-from = labels }",
                "}, projections = [ { source = image, target = readout, plasticity { rule = gradient } },",
                "  { source = labels, target = readout } ] }",
                "schedule = [ { phase = readout, epochs = 2 }, { phase = test } ]",
                "sweep { grid { \"network.projections[image -> readout].plasticity.lr\" = [0.001, 0.05], seed = [1, 2] },",
                "  objective = test_accuracy.readout, report = [readout.loss] }"));
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("run", f.toString(), "--runs-dir", runs.toString()));
        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.findFirst().orElseThrow();
        }
        List<String> csv = Files.readAllLines(folder.resolve("sweep.csv"));
        assertEquals("point,network.projections[image -> readout].plasticity.lr,seed,test_accuracy.readout,readout.loss,folder", csv.get(0));
        assertEquals(5, csv.size());
        for (String row : csv.subList(1, 5)) {
            double accuracy = Double.parseDouble(row.split(",")[3]);
            assertTrue(accuracy > 0 && accuracy <= 1, row);
        }
        assertTrue(Files.size(folder.resolve("sweep-test_accuracy.readout.png")) > 1000);
        assertTrue(Files.size(folder.resolve("sweep-readout.loss.png")) > 1000);
    }

    @Test
    void aSweepRunsEveryPointAndNamesTheBest() throws IOException {
        Path f = write("sweep { grid { \"network.populations.kh.inhibition\" = [0, 2] }, objective = kh.mean_active_units, goal = min }");
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("run", f.toString(), "--runs-dir", runs.toString()));
        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.findFirst().orElseThrow();
        }
        List<String> csv = Files.readAllLines(folder.resolve("sweep.csv"));
        assertEquals("point,network.populations.kh.inhibition,kh.mean_active_units,folder", csv.get(0));
        assertEquals(3, csv.size());
        double none = Double.parseDouble(csv.get(1).split(",")[2]);
        double strong = Double.parseDouble(csv.get(2).split(",")[2]);
        assertEquals(1.0, strong, "w_inh = 2 leaves one unit per example");
        assertTrue(none > strong);
        for (String row : csv.subList(1, 3)) {
            assertTrue(Files.isRegularFile(folder.resolve(row.split(",")[3]).resolve("trace.lamina")), row);
        }
    }

    @Test
    void badSweepsAreRefused() throws IOException {
        for (String[] c : new String[][] {
                {"sweep { grid { seed = 5 } }", "expected a non-empty list"},
                {"sweep { grid { name = [a, b] } }", "cannot be swept"},
                {"sweep { grid { seed = [1] }, goal = best }", "expected one of [min, max]"},
                {"sweep { grid { seed = [1] }, objectiv = x }", "did you mean 'objective'"},
                {"sweep { grid { \"network.populations.kh.inhibition\" = [0.1, -1] } }", "inhibition"}}) {
            Path f = write(c[0]);
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.plan(f, List.of()), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
