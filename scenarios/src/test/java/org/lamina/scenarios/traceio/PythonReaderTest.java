package org.lamina.scenarios.traceio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.cli.Main;
import org.lamina.scenarios.run.RunFolder;

/**
 * The Python reader (python/lamina_trace) against a real trace: its own unittest suite compares
 * what it reads with {@code lamina trace export --format npy} of the same trace.
 */
@Timeout(300)
class PythonReaderTest {
    /** The repository root: Surefire runs in the scenarios module's folder. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void pythonReadsWhatTheExporterWrites() throws IOException, InterruptedException {
        String python = PythonWithNumpy.require("google.protobuf");
        Path runs = dir.resolve("runs");
        // Bars needs no download and records spikes, state, weights, metrics and phases; a layer
        // learning from its dynamics beside the population traces how its examples settle.
        assertEquals(0, Main.execute("run", "examples/bars.conf", "--set", "schedule=[{phase=present, kind=unsupervised,"
                        + " steps=600}]", "--set", "batch=4", "--set", "recording.weights=[{source=image, target=kh, every=200},"
                        + " {source=image, target=readout, every=300}]",
                "--set", "network.populations.hidden={size=16, model=krotov-layer, activity=dynamics, inhibition=0.5,"
                        + " trace-settling=2, report-every=1}",
                // A readout records its bias with its weights.
                "--set", "network.populations.labels={size=17, model=dataset-input, emit=labels,"
                        + " steps-per-presentation=200, shuffle=true}",
                "--set", "network.populations.readout={size=17, model=readout, features-from=image, labels-from=labels}",
                "--set", "network.projections=[{source=image, target=kh, init={kind=normal, mean=0, std=0.3}},"
                        + " {source=image, target=hidden, init={kind=normal, mean=0, std=1},"
                        + " plasticity={rule=krotov, epochs=1}},"
                        + " {source=image, target=readout, plasticity={rule=gradient}}, {source=labels, target=readout}]",
                "--set", "backend=java", "--runs-dir", runs.toString()));
        Path trace;
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> folders = s.toList();
            assertEquals(1, folders.size(), "one run folder: " + folders);
            trace = folders.get(0).resolve(RunFolder.TRACE_FILE);
        }
        Path export = dir.resolve("export");
        assertEquals(0, Main.execute("trace", "export", trace.toString(), "--format", "npy", "--out", export.toString()));

        ProcessBuilder pb = new ProcessBuilder(python, "-m", "unittest", "discover", "-v", "-s",
                ROOT.resolve("python/tests").toString()).redirectErrorStream(true);
        pb.environment().put("LAMINA_TRACE", trace.toString());
        pb.environment().put("LAMINA_EXPORT", export.toString());
        // A schema version 1 trace, written by Java before checksums: Python reads it too.
        pb.environment().put("LAMINA_TRACE_V1", ROOT.resolve("scenarios/src/test/resources/golden/lif-demo.lamina")
                .toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), () -> python + " -m unittest failed:\n" + output);
        assertTrue(output.matches("(?s).*\\nRan [1-9]\\d* tests? in .*"), output);
        assertFalse(output.contains("skipped"), output);
    }
}
