package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.scenarios.run.RunFolder;
import org.lamina.sim.trace.TraceReader;

@Timeout(60)
class RunCommandTest {

    @TempDir
    Path dir;

    private Path onlyTrace(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> folders = s.toList();
            assertEquals(1, folders.size(), "one run folder: " + folders);
            return folders.get(0).resolve(RunFolder.TRACE_FILE);
        }
    }

    @Test
    void theDemoWritesACompleteTraceWithEveryKindOfFrame() throws IOException {
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("run", "--set", "schedule=[{phase=run, steps=600}]", "--set", "backend=java",
                "--runs-dir", runs.toString()));
        TraceReader.Contents c = TraceReader.readAll(onlyTrace(runs));
        assertTrue(c.complete(), () -> c.problem().orElse("no footer"));
        Footer f = c.footer().orElseThrow();
        assertEquals(Footer.Status.COMPLETED, f.getStatus());
        assertEquals(600, f.getStepsCompleted());
        assertEquals(3, c.header().getPopulationsCount());
        assertEquals(1, c.header().getWindowSteps());
        assertTrue(c.header().getScenario().contains("inhibition = 0.08"), c.header().getScenario());
        assertEquals("demo", c.header().getScenarioName());
        assertTrue(c.frames().stream().anyMatch(x -> x.hasPhase() && x.getPhase().getPhase().equals("run")));
        Path folder = onlyTrace(runs).getParent();
        assertTrue(Files.readString(folder.resolve("manifest.conf")).contains("status = \"completed\""));
        assertEquals(c.header().getScenario(), Files.readString(folder.resolve("scenario.conf")));
        String metrics = Files.readString(folder.resolve("metrics.json"));
        assertTrue(metrics.contains("\"status\": \"completed\"") && metrics.contains("{\"name\": \"run\", \"steps\": 600"),
                metrics);
        assertEquals("java", c.header().getBackend().getRequested());
        assertEquals("java", c.header().getBackend().getBackend());
        assertTrue(c.frames().stream().anyMatch(x -> x.hasSpikes() && x.getSpikes().getPopulation() == 1),
                "the hidden layer fires");
        assertTrue(c.frames().stream().anyMatch(x -> x.hasSpikes() && x.getSpikes().getPopulation() == 2),
                "the output layer fires");
        assertTrue(c.frames().stream().anyMatch(x -> x.hasState()));
        assertTrue(c.frames().stream().anyMatch(x -> x.hasWeights()));
        assertTrue(f.getSpikeEvents() > 1000, "spike events: " + f.getSpikeEvents());
    }

    @Test
    void aDatasetScenarioDrawsTheReceptiveFieldsOfItsImageProjection() throws IOException {
        Path runs = dir.resolve("bars");
        assertEquals(0, Main.execute("run", "examples/bars.conf", "--set", "schedule=[{phase=present, steps=400}]",
                "--runs-dir", runs.toString()));
        Path png = onlyTrace(runs).resolveSibling("receptive-fields-image-kh.png");
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100, "a grid of 32 tiles of 8 x 8 pixels x 3");
        String report = Files.readString(png.resolveSibling("report.html"));
        assertTrue(report.contains("<img src=\"receptive-fields-image-kh.png\"") && report.contains("image.label[per example]"),
                report);
        String metrics = Files.readString(png.resolveSibling("metrics.json"));
        assertTrue(metrics.contains("\"image.label[per example]\""), metrics);
    }

    @Test
    void theSameSeedGivesTheSameTraceOnOneAndTwoThreads() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String shortRun = "schedule=[{phase=run, steps=300}]";
        assertEquals(0, Main.execute("run", "--set", shortRun, "--set", "seed=9", "--threads", "1", "--runs-dir", a.toString()));
        assertEquals(0, Main.execute("run", "--set", shortRun, "--set", "seed=9", "--threads", "2", "--runs-dir", b.toString()));
        assertArrayEquals(Files.readAllBytes(onlyTrace(a)), Files.readAllBytes(onlyTrace(b)));
    }

    @Test
    void badArgumentsExitWithTwoAndWriteNothing() {
        Path runs = dir.resolve("bad");
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "--set", "schedule=[{phase=run, steps=0}]", "--runs-dir", runs.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "--set", "batch=0", "--runs-dir", runs.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "--threads", "ten", "--runs-dir", runs.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "--set", "backend=cuda", "--runs-dir", runs.toString()));
        assertTrue(Files.notExists(runs));
    }
}
