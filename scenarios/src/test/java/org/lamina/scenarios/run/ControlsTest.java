package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.cli.Main;
import org.lamina.scenarios.dsl.ScenarioException;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.sim.trace.TraceReader;

/**
 * {@code controls = [random-weights]} runs the same readout on the layer's initial weights in the
 * same run: its folder inside the run's, its accuracy beside the run's on the console, in
 * metrics.json and in the report; its layer starts from exactly the run's initial weights and
 * never learns.
 */
@Timeout(120)
class ControlsTest {

    @TempDir
    Path dir;

    @Test
    void theRandomWeightsControlReadsOutTheRunsInitialWeights() throws IOException {
        Path runs = dir.resolve("runs");
        String console = run("run", "examples/bars-readout.conf", "--set", "controls=[random-weights]", "--set",
                "backend=java", "--runs-dir", runs.toString());
        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.findFirst().orElseThrow();
        }
        Path control;
        try (Stream<Path> s = Files.list(folder)) {
            control = s.filter(p -> p.getFileName().toString().startsWith("control-random-weights-")).findFirst()
                    .orElseThrow();
        }
        assertTrue(console.contains("[control random-weights] test accuracy (readout): "), console);
        Matcher m = Pattern.compile("control random-weights: test accuracy \\(readout\\) ([0-9.]+)% on the initial"
                + " weights, ([0-9.]+)% learned: learning adds \\+([0-9.]+) points").matcher(console);
        assertTrue(m.find(), console);
        double lead = Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(1));
        assertTrue(lead > 5, "bars features learnt beat random ones clearly: " + console);

        JsonNode controls = new ObjectMapper().readTree(folder.resolve(RunOutputs.METRICS_FILE).toFile()).path("controls")
                .path("random-weights");
        assertEquals(control.getFileName().toString(), controls.path("folder").asText());
        assertEquals(Double.parseDouble(m.group(1)) / 100, controls.path("test_accuracy").path("readout").asDouble(), 1e-9);
        assertEquals(lead, controls.path("lead_points").path("readout").asDouble(), 0.01);
        assertTrue(Files.readString(folder.resolve(RunReport.FILE)).contains("<h2>Controls</h2>"));

        // The control's layer starts from the run's own initial weights, and keeps them.
        RunWeights.Snapshot first = RunWeights.upTo(folder, "image", "hidden", 0);
        RunWeights.Snapshot initial = RunWeights.upTo(control, "image", "hidden", 0);
        RunWeights.Snapshot last = RunWeights.latest(control, "image", "hidden");
        assertArrayEquals(first.values(), initial.values());
        assertArrayEquals(initial.values(), last.values());
        assertTrue(last.step() > 0);
        assertTrue(TraceReader.readAll(control.resolve(RunFolder.TRACE_FILE)).frames().stream()
                .noneMatch(f -> f.hasPhase() && f.getPhase().getKind().equals("unsupervised")), "no unsupervised phase");
    }

    @Test
    void aControlNeedsSomethingToControl() {
        ScenarioException none = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(
                Path.of("examples", "bars-readout.conf"), List.of("controls=[random-weights]",
                        "schedule=[{phase=readout, epochs=1, test-each-epoch=true}]")));
        assertTrue(none.getMessage().contains("controls: the random-weights control runs the schedule without its"
                + " unsupervised phases and compares the test accuracy: this schedule has no phase of kind unsupervised"),
                none.getMessage());
        ScenarioException unknown = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(
                Path.of("examples", "bars-readout.conf"), List.of("controls=[shuffled-labels]")));
        assertTrue(unknown.getMessage().contains("controls: expected a list of [random-weights], got 'shuffled-labels'"),
                unknown.getMessage());
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute(args), () -> out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
