package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario too large for the machine is refused before anything is allocated: {@code validate}
 * prints the memory estimate, {@code run} refuses one that exceeds the heap (exit 2) instead of
 * dying of an OutOfMemoryError, an array Java cannot hold is an error for both, a huge trace is
 * announced, and {@code --threads} is checked at the command line.
 */
@Timeout(60)
class ScenarioSizeTest {

    @TempDir
    Path dir;

    /** 2 000 000 Krotov units on 784 inputs: 1.57e9 weights, 5.8 GiB of floats, and as much for the rule. */
    private Path scenario(int hiddenUnits, String recording) throws IOException {
        Path file = dir.resolve("huge-" + hiddenUnits + ".conf");
        Files.writeString(file, String.join("\n",
                "name = huge", "backend = java",
                "network {",
                "  populations {",
                "    image { size = 784, model = pattern-input, steps-per-presentation = 1 }",
                "    hidden { size = " + hiddenUnits + ", model = krotov-layer }",
                "  }",
                "  projections = [ { source = image, target = hidden, init = { kind = normal, mean = 0, std = 1 },",
                "    plasticity = { rule = krotov, epochs = 1 } } ]",
                "}",
                "schedule = [ { phase = unsupervised, steps = 1000 } ]",
                recording));
        return file;
    }

    @Test
    void validatePrintsTheMemoryAndTraceEstimates() throws IOException {
        String out = Cli.out(0, "validate", scenario(2_000_000, "").toString());
        assertTrue(out.contains("memory: at least 11.7 GiB (an estimate of the largest arrays: weights image -> hidden:"
                + " 2000000 x 784 floats, twice with its rule's working array = 11.7 GiB, state of hidden: 1 x batch 1 x"
                + " 2000000 floats = 7.6 MiB"), out);
        assertTrue(out.contains("trace: about 0 B (nothing recorded but spikes and metrics)"), out);
        if (Runtime.getRuntime().maxMemory() < 12_000_000_000L) {
            assertTrue(out.contains("note: `lamina run` would refuse it here: the run needs at least 11.7 GiB"), out);
        }
    }

    /** The run that used to end in an OutOfMemoryError from Pekko (exit 255), in a JVM with a 256 MiB heap. */
    @Test
    void aHugeKrotovLayerIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Path runs = dir.resolve("runs");
        LaminaProcess p = LaminaProcess.start(dir, List.of("-Xmx256m"), 0, "run", scenario(2_000_000, "").toString(),
                "--runs-dir", runs.toString());
        assertEquals(2, p.exitCode(Duration.ofSeconds(45)), p.output());
        String out = p.output();
        assertTrue(out.contains(":6: network.populations.hidden.size: the run needs at least 11.7 GiB of memory (an"
                + " estimate of its largest arrays: weights image -> hidden: 2000000 x 784 floats, twice with its rule's"
                + " working array = 11.7 GiB"), out);
        assertTrue(out.matches("(?s).*more than the \\d+\\.\\d MiB this Java may use \\(its maximum heap\\).*"), out);
        assertTrue(out.contains("JAVA_TOOL_OPTIONS=-Xmx18g"), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
        assertFalse(Files.exists(runs), "nothing written");
    }

    @Test
    void aProjectionLargerThanAJavaArrayIsAnErrorEvenForValidate() throws IOException {
        String err = Cli.err(2, "validate", scenario(3_000_000, "").toString());
        // the parser's bounds find it first, at the projection that would hold the array
        assertTrue(err.contains(":8: network.projections[0]: a projection of 3000000 x 784 weights: more than one array"
                + " holds (2147483639)"), err);
    }

    @Test
    void aHugeTraceIsAnnounced() throws IOException {
        String out = Cli.out(0, "validate", scenario(1000,
                "recording { weights = [ { source = image, target = hidden, every = 1 } ] }").toString());
        assertTrue(out.contains("trace: about 2.9 GiB (weight snapshots image -> hidden: 1001 x 784000 values = 2.9 GiB"),
                out);
        assertTrue(out.contains("warning: the trace will take about 2.9 GiB"), out);
    }

    /** {@code --threads 40000} used to print a ForkJoinPool stack trace and hang past the window timeout. */
    @Test
    void threadsOutsideTheAllowedRangeAreBadInput() throws IOException {
        Path runs = dir.resolve("runs");
        String err = Cli.err(2, "run", "examples/demo.conf", "--threads", "40000", "--runs-dir", runs.toString());
        assertTrue(err.contains("--threads: 40000 is outside 1..1024 (or 0 for one per core"), err);
        assertFalse(Files.exists(runs), "nothing written");
        assertTrue(Cli.err(2, "run", "examples/demo.conf", "--threads", "-1").contains("--threads: -1 is outside"));
    }
}
