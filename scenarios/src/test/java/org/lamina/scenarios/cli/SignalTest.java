package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.scenarios.run.RunFolder;
import org.lamina.scenarios.run.RunLock;
import org.lamina.scenarios.run.RunOutputs;
import org.lamina.scenarios.run.RunReport;
import org.lamina.sim.testing.Await;
import org.lamina.sim.trace.TraceReader;

/**
 * SIGTERM and SIGINT stop {@code lamina run} at a window boundary and leave its folder whole:
 * the trace ends with an INTERRUPTED footer, metrics.json and the report are written, the
 * manifest says "interrupted", and the exit code is 128 + the signal's number.
 */
@Timeout(120)
class SignalTest {

    @TempDir
    Path dir;

    /** A run that would take hours: the demo network for ten million steps, on one compute thread. */
    private LaminaProcess longRun(Path runs) throws IOException {
        return LaminaProcess.start(dir, List.of(), 0, "run", "examples/demo.conf", "--set",
                "schedule=[{phase=run, steps=10000000}]", "--set", "backend=java", "--threads", "1",
                "--runs-dir", runs.toString());
    }

    /** Waits until the run is simulating: its manifest says running and frames are on disk. */
    static Path whenRunning(Path runs, LaminaProcess p) {
        Path[] folder = new Path[1];
        Await.until("the run to be simulating", Duration.ofSeconds(60), () -> {
            if (!p.process().isAlive()) {
                throw new AssertionError("lamina ended early:\n" + p.output());
            }
            if (!Files.isDirectory(runs)) {
                return false;
            }
            try (Stream<Path> s = Files.list(runs)) {
                folder[0] = s.findFirst().orElse(null);
            }
            if (folder[0] == null || !Files.exists(folder[0].resolve(RunOutputs.MANIFEST_FILE))
                    || !Files.readString(folder[0].resolve(RunOutputs.MANIFEST_FILE)).contains("status = \"running\"")) {
                return false;
            }
            Path trace = folder[0].resolve(RunFolder.TRACE_FILE);
            // The header is written when the simulation starts, frames are flushed once a second.
            return Files.size(trace) > 0 && TraceReader.readAll(trace).frames().size() > 100;
        });
        return folder[0];
    }

    @Test
    void sigtermStopsTheRunWithItsOutputsWrittenAndExitCode143() throws Exception {
        Path runs = dir.resolve("runs");
        LaminaProcess p = longRun(runs);
        Path folder = whenRunning(runs, p);
        p.process().destroy(); // SIGTERM
        assertEquals(143, p.exitCode(Duration.ofSeconds(60)), p.output());
        assertInterrupted(folder, "SIGTERM", p.output());
    }

    @Test
    void sigintStopsTheRunTheSameWayWithExitCode130() throws Exception {
        Path runs = dir.resolve("runs");
        LaminaProcess p = longRun(runs);
        Path folder = whenRunning(runs, p);
        p.signal("INT");
        assertEquals(130, p.exitCode(Duration.ofSeconds(60)), p.output());
        assertInterrupted(folder, "SIGINT", p.output());
    }

    private static void assertInterrupted(Path folder, String signal, String output) throws IOException {
        assertTrue(output.contains("run interrupted by " + signal + " after "), output);
        TraceReader.Contents c = TraceReader.readAll(folder.resolve(RunFolder.TRACE_FILE));
        assertTrue(c.complete(), () -> c.problem().orElse("no footer"));
        Footer f = c.footer().orElseThrow();
        assertEquals(Footer.Status.INTERRUPTED, f.getStatus());
        assertEquals(signal, f.getError());
        assertTrue(f.getStepsCompleted() > 0 && f.getStepsCompleted() < 10_000_000, "steps " + f.getStepsCompleted());
        assertEquals(c.frames().size(), f.getFrames());

        String manifest = Files.readString(folder.resolve(RunOutputs.MANIFEST_FILE));
        assertTrue(manifest.contains("status = \"interrupted\""), manifest);
        assertTrue(manifest.contains("interrupted after " + f.getStepsCompleted() + " steps: " + signal), manifest);
        JsonNode metrics = new ObjectMapper().readTree(folder.resolve(RunOutputs.METRICS_FILE).toFile());
        assertEquals("interrupted", metrics.path("status").asText(), metrics.toString());
        assertTrue(metrics.path("error").asText().contains(signal), metrics.toString());
        String report = Files.readString(folder.resolve(RunReport.FILE));
        assertTrue(report.contains("Status: <b>interrupted"), report);
        assertFalse(Files.exists(folder.resolve(RunLock.FILE)), "the lock is gone once the run has ended");
    }
}
