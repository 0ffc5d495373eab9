package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.scenarios.cli.Main;
import org.lamina.sim.trace.TraceReader;

/**
 * A scenario that passes every check and still diverges (Euler steps of 0.5 ms on a 1 µs time
 * constant) ends as a failed run at the step where its state stops being finite, instead of
 * completing with infinities in its trace.
 */
class NonFiniteRunTest {

    @TempDir
    Path dir;

    @Test
    void aRunWhoseStateDivergesFailsAtThatStepAndSaysWhere() throws IOException {
        Path file = dir.resolve("diverge.conf");
        Files.writeString(file, String.join("\n",
                "name = diverge",
                "seed = 3",
                "backend = java",
                "network {",
                "  populations {",
                "    input { size = 20, model = pattern-input, steps-per-presentation = 50 }",
                "    kh { size = 10, model = krotov-hopfield, tau-ms = 0.001, integrator = euler }",
                "  }",
                "  projections = [ { source = input, target = kh, init = { kind = normal, mean = 0, std = 1 } } ]",
                "}",
                "schedule = [ { phase = run, steps = 100 } ]",
                ""));
        Path runs = dir.resolve("runs");
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("run", file.toString(), "--runs-dir", runs.toString());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String console = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_RUN_FAILED, code, console);
        assertTrue(console.contains("run failed: population 'kh' (id 1) failed at step "), console);
        assertTrue(console.contains("state variable h is "), console);
        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.findFirst().orElseThrow();
        }
        String manifest = Files.readString(folder.resolve(RunOutputs.MANIFEST_FILE));
        assertTrue(manifest.contains("status = \"failed\"") && manifest.contains("state variable h is "), manifest);
        Footer footer = TraceReader.readAll(folder.resolve(RunFolder.TRACE_FILE)).footer().orElseThrow();
        assertEquals(Footer.Status.FAILED, footer.getStatus());
        assertEquals("kh", footer.getFailedPopulation());
        assertTrue(footer.getFailedStep() > 0 && footer.getFailedStep() < 100, footer.toString());
        assertTrue(console.contains("failed at step " + footer.getFailedStep() + ":"), console);
    }
}
