package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.cli.Main;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;

/**
 * A small scenario end to end through the CLI (bars: nothing to download): a readout learns for
 * three epochs with a test pass after each, a spiking layer runs beside it, and the run folder
 * holds every output a run promises; same seed, same results on 1 and 3 threads.
 */
@Timeout(120)
class ReadoutRunTest {

    @TempDir
    Path dir;

    static final String SCENARIO = String.join("\n",
            "name = bars-readout",
            "seed = 5",
            "batch = 20",
            "dataset { source = bars, limit = 2000, test-limit = 390 }",
            "network {",
            "  populations {",
            "    image { size = 64, model = dataset-input, shuffle = true }",
            "    labels { size = 17, model = dataset-input, emit = labels, shuffle = true }",
            "    kh { size = 16, model = krotov-hopfield, inhibition = 0.3, tau-ms = 2.0, output = threshold, threshold = 0.2 }",
            "    readout { size = 17, model = readout, features-from = image, labels-from = labels }",
            "  }",
            "  projections = [",
            "    { source = image, target = kh, delay-steps = 1, init = { kind = normal, mean = 0.0, std = 0.3 } }",
            "    { source = image, target = readout, delay-steps = 1, plasticity = { rule = gradient, lr = 0.05 } }",
            "    { source = labels, target = readout, delay-steps = 1 }",
            "  ]",
            "}",
            "schedule = [ { phase = readout, epochs = 3, test-each-epoch = true }, { phase = test } ]",
            "recording {",
            "  spikes = [kh]",
            "  state = [ { population = kh, variable = h, units = [0, 1, 2], every = 1 } ]",
            "  weights = [ { source = image, target = kh, every = 100 } ]",
            "}",
            "");

    private String run(Path file, Path runs, String threads) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute("run", file.toString(), "--runs-dir", runs.toString(), "--threads", threads,
                    "--set", "backend=java"));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path onlyFolder(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> folders = s.toList();
            assertEquals(1, folders.size(), folders.toString());
            return folders.get(0);
        }
    }

    @Test
    void aReadoutRunLeavesEveryOutputAndTheSameResultsOnAnyThreadCount() throws IOException {
        Path file = dir.resolve("bars-readout.conf");
        Files.writeString(file, SCENARIO);
        String console = run(file, dir.resolve("runs1"), "1");
        Path folder = onlyFolder(dir.resolve("runs1"));
        for (String f : List.of("scenario.conf", "manifest.conf", "trace.lamina", "metrics.json", "report.html",
                "accuracy.png", "state-kh-h.png", "raster-kh.png", "receptive-fields-image-kh.png")) {
            assertTrue(Files.size(folder.resolve(f)) > 0, f);
        }
        // Epoch lines, the test pass after each epoch and the final test, then the accuracy.
        assertTrue(console.contains("readout epoch 1/3: ") && console.contains("readout epoch 3/3: "), console);
        assertTrue(console.contains("test after epoch 3: "), console);
        Matcher m = Pattern.compile("test accuracy \\(readout\\): ([0-9.]+)%").matcher(console);
        assertTrue(m.find(), console);
        double accuracy = Double.parseDouble(m.group(1));
        // Counting bars from pixels is nearly linear: far above the largest class's share (about a third).
        assertTrue(accuracy > 60, console);

        String metrics = Files.readString(folder.resolve("metrics.json"));
        JsonNode json = new ObjectMapper().readTree(metrics);
        // 3 readout epochs, 3 test passes after them, 1 final test pass.
        assertEquals(7, json.path("epochs").size(), metrics);
        // The final test's confusion matrix counts its 390 examples (not the padding of its last minibatch), and its diagonal is the accuracy.
        JsonNode matrix = json.path("confusion").path("test.readout");
        long total = 0;
        long diagonal = 0;
        for (int i = 0; i < matrix.size(); i++) {
            for (int k = 0; k < matrix.get(i).size(); k++) {
                total += matrix.get(i).get(k).asLong();
            }
            diagonal += matrix.get(i).get(i).asLong();
        }
        assertEquals(390, total);
        // Test passes count the test split's examples, not the minibatches' padded rows (20 x 20).
        long tests = 0;
        for (JsonNode epoch : json.path("epochs")) {
            if (epoch.path("test").asBoolean()) {
                tests++;
                assertEquals(390, epoch.path("examples").asLong(), epoch.toString());
            }
        }
        assertEquals(4, tests, metrics);
        assertEquals(accuracy, 100.0 * diagonal / total, 0.005);
        Scenario s = ScenarioParser.parse(file, List.of());
        assertEquals(20, s.schedule().get(1).epochSteps(), "390 test examples in minibatches of 20, one per step");
        assertEquals(List.of(), s.neverLearning(), "the readout learns in the readout phase");
        Scenario renamed = ScenarioParser.parseText(SCENARIO.replace("{ phase = readout, epochs = 3",
                "{ phase = train, kind = readout, epochs = 3"), "renamed", List.of());
        assertEquals(List.of(), renamed.neverLearning(), "a readout phase trains the readout whatever its name");
        Scenario untrained = ScenarioParser.parseText(SCENARIO.replace("{ phase = readout, epochs = 3",
                "{ phase = train, kind = run, epochs = 3"), "untrained", List.of());
        assertEquals(List.of("image -> readout"), untrained.neverLearning().stream().map(p -> p.label()).toList());
        assertTrue(untrained.learnerNotes().get(0).startsWith("note: projection image -> readout has the rule gradient,"
                + " which learns in readout phases, but no phase of the schedule lets it learn"),
                untrained.learnerNotes().toString());
        String report = Files.readString(folder.resolve("report.html"));
        assertTrue(report.contains("Test accuracy (readout): <b>" + m.group(1) + "%</b>"), report);
        assertTrue(report.contains("Confusion matrix") && report.contains("accuracy.png"), report);

        String again = run(file, dir.resolve("runs3"), "3");
        assertEquals(lines(console, "accuracy"), lines(again, "accuracy"), "same seed, same figures on 1 and 3 threads");
        assertEquals(json.path("confusion"), new ObjectMapper().readTree(Files.readString(onlyFolder(dir.resolve("runs3"))
                .resolve("metrics.json"))).path("confusion"));
    }

    @Test
    void aReadoutOnStandardisedFeaturesLearnsAndIsTheSameOnAnyThreadCount() throws IOException {
        Path file = dir.resolve("bars-standardised.conf");
        Files.writeString(file, SCENARIO.replace("labels-from = labels }", "labels-from = labels, standardise-features = true }"));
        Scenario s = ScenarioParser.parse(file, List.of());
        assertTrue(s.toHocon().contains("standardise-features = true"), s.toHocon());
        String console = run(file, dir.resolve("runs1"), "1");
        Matcher m = Pattern.compile("test accuracy \\(readout\\): ([0-9.]+)%").matcher(console);
        assertTrue(m.find(), console);
        assertTrue(Double.parseDouble(m.group(1)) > 60, console);
        String again = run(file, dir.resolve("runs3"), "3");
        assertEquals(lines(console, "accuracy"), lines(again, "accuracy"), "same seed, same figures on 1 and 3 threads");
    }

    @Test
    void aScenarioCanStartFromTheWeightsAPreviousRunRecorded() throws IOException {
        Path file = dir.resolve("bars-readout.conf");
        Files.writeString(file, SCENARIO);
        run(file, dir.resolve("runs"), "2");
        Path previous = onlyFolder(dir.resolve("runs"));
        RunWeights.Snapshot last = RunWeights.latest(previous, "image", "kh");
        assertEquals(16, last.rows());
        assertEquals(64, last.cols());

        String from = "--set=network.projections=[{source=image,target=kh,init={kind=from-run,run=\"" + previous + "\"}},"
                + "{source=image,target=readout,plasticity={rule=gradient,lr=0.05}},{source=labels,target=readout}]";
        Scenario parsed = ScenarioParser.parse(file, List.of(from.substring("--set=".length())));
        assertEquals(org.lamina.sim.spec.WeightInit.Kind.REFERENCED, parsed.projections().get(0).init().kind(),
                "parsing reads no trace");
        Scenario s = resolved(file, from.substring("--set=".length()));
        assertArrayEquals(last.values(), s.projections().get(0).init().values());
        // The resolved scenario names where the weights came from and parses back to the same weights.
        Scenario again = ScenarioResolver.loaded(ScenarioParser.parseText(s.toHocon(), "resolved", List.of()));
        assertEquals(s, again);

        // An earlier snapshot: the last one at or before a step (recorded every 100 steps).
        RunWeights.Snapshot early = RunWeights.upTo(previous, "image", "kh", 250);
        assertEquals(200, early.step());
        String fromEarly = from.substring("--set=".length()).replace("init={kind=from-run,", "init={kind=from-run,step=250,");
        Scenario earlier = resolved(file, fromEarly);
        assertArrayEquals(early.values(), earlier.projections().get(0).init().values());
        assertTrue(earlier.toHocon().contains("projection = \"image -> kh\", step = 200 }"), earlier.toHocon());
        assertEquals(earlier, ScenarioResolver.loaded(ScenarioParser.parseText(earlier.toHocon(), "resolved", List.of())));
        assertEquals(0, RunWeights.upTo(previous, "image", "kh", 50).step(), "the initial weights are recorded too");
        java.io.IOException tooEarly = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> RunWeights.upTo(previous, "image", "kh", -1));
        assertTrue(tooEarly.getMessage().contains("the first at step 0: none at or before step -1"), tooEarly.getMessage());

        // A run without that projection's weights, or a wrong shape, is refused at the init key.
        String noKh = from.substring("--set=".length()).replace("init={kind=from-run,run=", "init={kind=from-run,projection=\"image -> readout\",run=");
        org.lamina.scenarios.dsl.ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.lamina.scenarios.dsl.ScenarioException.class, () -> resolved(file, noKh));
        assertTrue(e.getMessage().contains("holds no recorded weights of image -> readout"), e.getMessage());
        assertEquals("network.projections[0].init.run", e.key());
        assertTrue(e.where().startsWith("--set network.projections="), e.where());
        String wrongShape = "network.projections=[{source=image,target=kh},{source=image,target=readout,init={kind=from-run,"
                + "projection=\"image -> kh\",run=\"" + previous + "\"},plasticity={rule=gradient}},{source=labels,target=readout}]";
        e = org.junit.jupiter.api.Assertions.assertThrows(org.lamina.scenarios.dsl.ScenarioException.class,
                () -> resolved(file, wrongShape));
        assertEquals("network.projections[1].init.run", e.key());
        assertTrue(e.getMessage().contains("the weights of image -> kh in " + previous + " are 16 x 64, this projection"
                + " needs 17 x 64 (target x source)"), e.getMessage());
    }

    /**
     * A readout started from another run's recorded weights takes their bias and feature
     * standardisation too: its test pass scores exactly what the run that learnt them scored.
     */
    @Test
    void aReadoutStartedFromARunsWeightsTestsExactlyAsThatRunDid() throws IOException {
        Path file = dir.resolve("bars-standardised.conf");
        Files.writeString(file, SCENARIO.replace("labels-from = labels }", "labels-from = labels, standardise-features = true }")
                .replace("{ source = image, target = kh, every = 100 }", "{ source = image, target = readout, every = 1 }"));
        String learnt = run(file, dir.resolve("runs"), "2");
        Path previous = onlyFolder(dir.resolve("runs"));
        RunWeights.Snapshot last = RunWeights.latest(previous, "image", "readout");
        assertEquals(java.util.Set.of("bias", "feature-shift", "feature-scale"), last.extras().keySet());

        Files.writeString(file, Files.readString(file)
                .replace("schedule = [ { phase = readout, epochs = 3, test-each-epoch = true }, { phase = test } ]",
                        "schedule = [ { phase = test } ]")
                .replace("{ source = image, target = readout, delay-steps = 1, plasticity",
                        "{ source = image, target = readout, delay-steps = 1, init = { kind = from-run, run = \""
                                + previous + "\" }, plasticity"));
        String tested = run(file, dir.resolve("runs-from"), "1");
        Matcher a = Pattern.compile("test accuracy \\(readout\\): ([0-9.]+)%").matcher(learnt);
        Matcher b = Pattern.compile("test accuracy \\(readout\\): ([0-9.]+)%").matcher(tested);
        assertTrue(a.find() && b.find(), learnt + tested);
        assertTrue(Double.parseDouble(a.group(1)) > 60, learnt);
        assertEquals(a.group(1), b.group(1), tested);
    }

    /** Parsed, then loaded as `lamina run` does. */
    private static Scenario resolved(Path file, String override) {
        ScenarioParser.Plan plan = ScenarioParser.plan(file, List.of(override));
        return new ScenarioResolver().resolve(plan.base(), plan.locations());
    }

    private static int count(String text, String fragment) {
        return text.split(Pattern.quote(fragment), -1).length - 1;
    }

    private static List<String> lines(String console, String containing) {
        return console.lines().filter(l -> l.contains(containing)).map(l -> l.replaceAll("[0-9.]+ s, [0-9]+ examples/s", ""))
                .toList();
    }

}
