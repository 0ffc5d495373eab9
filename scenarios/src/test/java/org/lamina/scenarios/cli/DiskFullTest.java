package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.run.RunOutputs;

/**
 * A disk that fills while a run writes its outputs leaves a valid metrics.json or none, never
 * half of one, and a manifest that says the run failed and why. The full disk is a file-size
 * limit ({@code ulimit -f 16}, KiB) under which the trace, scenario, manifest and report fit but
 * metrics.json (about 29 KiB here: 60 epochs, each with its accuracy and metrics) does not.
 */
@Timeout(120)
class DiskFullTest {

    @TempDir
    Path dir;

    @Test
    void aDiskThatFillsWhileMetricsAreWrittenLeavesNoHalfWrittenFile() throws Exception {
        Path file = dir.resolve("many-epochs.conf");
        Files.writeString(file, String.join("\n", "name = many-epochs", "batch = 20", "backend = java",
                "dataset { source = bars, limit = 20, test-limit = 20 }",
                "network { populations {",
                "  image { size = 64, model = dataset-input }",
                "  labels { size = 17, model = dataset-input, emit = labels }",
                "  readout { size = 17, model = readout, features-from = image, labels-from = labels }",
                "}, projections = [ { source = image, target = readout, plasticity = { rule = gradient } },",
                "  { source = labels, target = readout } ] }",
                "schedule = [ { phase = readout, epochs = 60 } ]"));
        Path runs = dir.resolve("runs");
        LaminaProcess p = LaminaProcess.start(dir, List.of(), 16, "run", file.toString(), "--runs-dir", runs.toString());
        assertEquals(1, p.exitCode(Duration.ofSeconds(90)), p.output());
        assertTrue(p.output().contains("metrics.json: File too large"), p.output());

        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.findFirst().orElseThrow();
        }
        String manifest = Files.readString(folder.resolve(RunOutputs.MANIFEST_FILE));
        assertTrue(manifest.contains("status = \"failed\"") && manifest.contains("File too large"), manifest);
        Path metrics = folder.resolve(RunOutputs.METRICS_FILE);
        if (Files.exists(metrics)) {
            assertDoesNotThrow(() -> new ObjectMapper().readTree(metrics.toFile()), "metrics.json is whole or absent");
        }
        try (Stream<Path> s = Files.list(folder)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }
}
