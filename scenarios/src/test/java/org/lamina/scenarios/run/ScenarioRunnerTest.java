package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;

/** The runner tells its listeners what happens, and a run that fails anywhere leaves a folder that says so. */
class ScenarioRunnerTest {
    @TempDir
    Path dir;

    static Scenario bars() {
        return ScenarioResolver.loaded(ScenarioParser.parseText(String.join("\n",
                "name = listeners", "batch = 10", "backend = java",
                "dataset { source = bars, limit = 40, test-limit = 20 }",
                "network { populations {",
                "  image { size = 64, model = dataset-input }",
                "  labels { size = 17, model = dataset-input, emit = labels }",
                "  readout { size = 17, model = readout, features-from = image, labels-from = labels }",
                "}, projections = [ { source = image, target = readout, plasticity { rule = gradient } },",
                "  { source = labels, target = readout } ] }",
                "schedule = [ { phase = readout, epochs = 2, test-each-epoch = true } ]"), "listeners", List.of()));
    }

    /** Records what it is told. */
    static final class Log implements RunListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void started(RunRecord run) {
            events.add("started");
        }

        @Override
        public void epoch(RunRecord run, MetricsCollector.EpochRecord epoch, int epochs) {
            events.add(epoch.phase() + " " + epoch.epoch() + "/" + epochs);
        }

        @Override
        public void finished(RunRecord run, RunStatus status, String error) {
            events.add(status == RunStatus.COMPLETED ? "completed" : status.label() + ": " + error);
        }
    }

    @Test
    void listenersHearEveryEpochAndTheEnd() throws IOException {
        Log log = new Log();
        ScenarioRunner.Outcome o = new ScenarioRunner(List.of(log), new PrintStream(new ByteArrayOutputStream()))
                .execute(bars(), "listeners", "test", List.of(), KernelChoice.parse("java"), 1, dir);
        assertEquals(List.of("started", "readout 1/2", "test 1/2", "readout 2/2", "test 2/2", "completed"), log.events);
        assertTrue(Files.exists(o.trace()) && Files.exists(o.folder().resolve(ScenarioRunner.SCENARIO_FILE)));
        assertTrue(o.testAccuracy().containsKey("readout"), o.testAccuracy().toString());
    }

    @Test
    void anOutputThatFailsFailsTheRunAndTheFolderSaysSo() throws IOException {
        Log log = new Log();
        RunListener brokenFigures = new RunListener() {
            @Override
            public void finished(RunRecord run, RunStatus status, String error) throws IOException {
                if (status == RunStatus.COMPLETED) {
                    throw new IOException("disk full (test)");
                }
            }
        };
        List<RunListener> listeners = new ArrayList<>(RunOutputs.standard(new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8)));
        listeners.add(2, brokenFigures);
        listeners.add(log);
        IOException e = assertThrows(IOException.class, () -> new ScenarioRunner(listeners,
                new PrintStream(new ByteArrayOutputStream())).execute(bars(), "listeners", "test", List.of(),
                KernelChoice.parse("java"), 1, dir));
        assertEquals("disk full (test)", e.getMessage());
        Path folder;
        try (Stream<Path> s = Files.list(dir)) {
            folder = s.findFirst().orElseThrow();
        }
        String manifest = Files.readString(folder.resolve(RunOutputs.MANIFEST_FILE));
        assertTrue(manifest.contains("status = \"failed\"") && manifest.contains("error = \"disk full (test)\""), manifest);
        assertEquals("failed", new ObjectMapper().readTree(folder.resolve(RunOutputs.METRICS_FILE).toFile()).path("status")
                .asText());
        assertEquals("failed: disk full (test)", log.events.get(log.events.size() - 1), log.events.toString());
    }
}
