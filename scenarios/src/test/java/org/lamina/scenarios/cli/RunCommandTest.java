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

    /** A package client on a machine that cannot reach the registries. */
    private static final org.lamina.scenarios.data.fetch.PackageClient OFFLINE =
            new org.lamina.scenarios.data.fetch.PackageClient() {
                @Override
                public void fetchNpm(String spec, Path folder) throws IOException {
                    throw new IOException("no network here");
                }

                @Override
                public void fetchDebian(String name, Path folder) throws IOException {
                    throw new IOException("no network here");
                }
            };

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
        assertEquals(0, Main.execute("run", "examples/demo.conf", "--set", "schedule=[{phase=run, steps=600}]", "--set", "backend=java",
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
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metrics);
        assertEquals("completed", json.path("status").asText(), metrics);
        assertEquals("run", json.path("phases").get(0).path("name").asText(), metrics);
        assertEquals(600, json.path("phases").get(0).path("steps").asLong(), metrics);
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
        assertEquals(0, Main.execute("run", "examples/demo.conf", "--set", shortRun, "--set", "seed=9", "--threads", "1", "--runs-dir", a.toString()));
        assertEquals(0, Main.execute("run", "examples/demo.conf", "--set", shortRun, "--set", "seed=9", "--threads", "2", "--runs-dir", b.toString()));
        assertArrayEquals(Files.readAllBytes(onlyTrace(a)), Files.readAllBytes(onlyTrace(b)));
    }

    @Test
    void badArgumentsExitWithTwoAndWriteNothing() {
        Path runs = dir.resolve("bad");
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "examples/demo.conf", "--set", "schedule=[{phase=run, steps=0}]", "--runs-dir", runs.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "examples/demo.conf", "--set", "batch=0", "--runs-dir", runs.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "examples/demo.conf", "--threads", "ten", "--runs-dir", runs.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("run", "examples/demo.conf", "--set", "backend=cuda", "--runs-dir", runs.toString()));
        assertTrue(Files.notExists(runs));
    }

    @Test
    void withoutMnistAndNoWayToFetchItTheDefaultRunFallsBackToBars() throws IOException {
        picocli.CommandLine.IFactory factory = new picocli.CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RunCommand.class ? (K) new RunCommand(OFFLINE, dir.resolve("root"), dir.resolve("empty-data"))
                        : picocli.CommandLine.defaultFactory().create(cls);
            }
        };
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        Path runs = dir.resolve("runs");
        try {
            assertEquals(0, Main.execute(factory, "run", "--runs-dir", runs.toString(), "--set",
                    "network.projections[image -> hidden].plasticity.epochs=1", "--set",
                    "schedule=[{phase=unsupervised,epochs=1},{phase=readout,epochs=1,test-each-epoch=true}]"));
        } finally {
            System.setOut(old);
        }
        String console = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(console.contains("cannot fetch mnist: ") && console.contains("no network here"), console);
        assertTrue(console.contains("running examples/bars-readout.conf instead"), console);
        assertTrue(console.contains("test accuracy (readout): "), console);
        assertTrue(onlyTrace(runs).getParent().getFileName().toString().startsWith("bars-readout-"));
    }

    /** Validating needs no data; running without data that cannot be fetched says so at the key and writes nothing. */
    @Test
    void withoutItsDatasetAScenarioValidatesButDoesNotRun() throws IOException {
        Path empty = dir.resolve("empty-data");
        picocli.CommandLine.IFactory factory = new picocli.CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == ValidateCommand.class) {
                    return (K) new ValidateCommand(empty);
                }
                return cls == RunCommand.class ? (K) new RunCommand(OFFLINE, dir.resolve("root"), empty)
                        : picocli.CommandLine.defaultFactory().create(cls);
            }
        };
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        Path runs = dir.resolve("runs");
        try {
            assertEquals(0, Main.execute(factory, "validate", "examples/fa-fashion.conf"));
            assertEquals(Main.EXIT_BAD_INPUT, Main.execute(factory, "run", "examples/fa-fashion.conf", "--runs-dir",
                    runs.toString()));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String console = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        String errors = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(console.contains("examples/fa-fashion.conf: valid: ") && console.contains("note: fashion-mnist is not in "
                + empty.resolve("fashion-mnist") + " yet; `lamina run` fetches it"), console);
        assertTrue(console.contains("cannot fetch fashion-mnist: ") && console.contains("no network here"), console);
        assertTrue(errors.contains("examples/fa-fashion.conf:15: dataset.source: fashion-mnist is not in "), errors);
        assertTrue(Files.notExists(runs), "nothing is written before the data are there");
    }

    @Test
    void theDefaultRunIsAKrotovLayerOnMnistWithAReadout() throws IOException {
        org.lamina.scenarios.data.RequiredDatasets.fetched(org.lamina.scenarios.data.DatasetFiles.MNIST);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        Path runs = dir.resolve("runs");
        try {
            // The default scenario, shortened: 3000 training and 1000 test images, one epoch each.
            assertEquals(0, Main.execute("run", "--runs-dir", runs.toString(), "--set", "dataset.limit=3000", "--set",
                    "dataset.test-limit=1000", "--set", "network.projections[image -> hidden].plasticity.epochs=1", "--set",
                    "schedule=[{phase=unsupervised,epochs=1},{phase=readout,epochs=1,test-each-epoch=true}]"));
        } finally {
            System.setOut(old);
        }
        String console = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(console.contains("unsupervised epoch 1/1: ") && console.contains("test accuracy (readout): "), console);
        Path folder = onlyTrace(runs).getParent();
        assertTrue(folder.getFileName().toString().startsWith("quickstart-"), folder.toString());
        assertTrue(console.contains("report: " + folder.resolve("report.html").toAbsolutePath()), console);
        assertTrue(Files.exists(folder.resolve("receptive-fields-image-hidden.png")));
    }
}
