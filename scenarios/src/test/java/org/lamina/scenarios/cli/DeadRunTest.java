package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.run.RunFolder;
import org.lamina.scenarios.run.RunOutputs;

/**
 * A run killed with kill -9 cannot say how it ended; the next command that lists or reads runs
 * finds that its process has gone (its run.lock is free), reports it dead and changes its manifest
 * to say so: {@code lamina runs}, {@code lamina trace summary}, and weights taken {@code from-run}.
 */
@Timeout(120)
class DeadRunTest {

    @TempDir
    Path dir;

    @Test
    void aRunKilledWithSigkillIsReportedDeadByTheNextCommandThatReadsIt() throws Exception {
        Path runs = dir.resolve("runs");
        LaminaProcess p = LaminaProcess.start(dir, List.of(), 0, "run", "examples/demo.conf", "--set",
                "schedule=[{phase=run, steps=10000000}]", "--set", "backend=java", "--threads", "1",
                "--runs-dir", runs.toString());
        Path folder = SignalTest.whenRunning(runs, p);
        p.process().destroyForcibly(); // SIGKILL: nothing runs in the process after it
        assertEquals(137, p.exitCode(Duration.ofSeconds(30)), p.output());
        Path manifest = folder.resolve(RunOutputs.MANIFEST_FILE);
        assertTrue(Files.readString(manifest).contains("status = \"running\""), "the manifest cannot know");

        String listed = Cli.out(0, "runs", "--runs-dir", runs.toString());
        assertTrue(listed.matches("(?s)dead +" + folder.getFileName() + " +its process \\(process \\d+@.*\\) ended without"
                + " finishing the run.*"), listed);
        assertTrue(listed.contains("1 dead run(s)"), listed);
        String now = Files.readString(manifest);
        assertTrue(now.contains("status = \"dead\"") && now.contains("found-dead-at = ")
                && now.contains("error = \"its process (process "), now);
        // Once marked, it stays dead (read from the manifest).
        assertTrue(Cli.out(0, "runs", "--runs-dir", runs.toString()).startsWith("dead "));

        String summary = Cli.out(0, "trace", "summary", folder.resolve(RunFolder.TRACE_FILE).toString());
        assertTrue(summary.contains("footer: missing"), summary);
        assertTrue(summary.contains("run dead: " + folder.toAbsolutePath()), summary);

        // Its weights can still be used; the run that takes them says where they come from.
        Path reuse = dir.resolve("reuse.conf");
        Files.writeString(reuse, String.join("\n", "name = reuse", "backend = java",
                "network { populations {",
                "  hidden { size = 100, model = pattern-input, steps-per-presentation = 1 }",
                "  output { size = 10, model = lif-inhibition }",
                "}, projections = [ { source = hidden, target = output, init = { kind = from-run, run = \""
                        + folder.toAbsolutePath() + "\" } } ] }",
                "schedule = [ { phase = run, steps = 2 } ]"));
        String reused = Cli.out(0, "run", reuse.toString(), "--runs-dir", dir.resolve("more").toString());
        assertTrue(reused.contains("note: network.projections[0].init.run: " + folder.toAbsolutePath() + " is dead ("), reused);
    }
}
