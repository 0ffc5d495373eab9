package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.proto.Footer;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.RequiredDatasets;
import org.lamina.scenarios.run.CheckpointFiles;
import org.lamina.scenarios.run.RunFolder;
import org.lamina.scenarios.run.RunOutputs;
import org.lamina.scenarios.run.RunWeights;
import org.lamina.sim.testing.Await;
import org.lamina.sim.trace.TraceReader;

/**
 * A run killed with kill -9 at a random point, resumed with {@code lamina resume}, ends exactly
 * as the same run uninterrupted: every trace record after the header byte for byte (so every
 * weight snapshot, metric and spike), the footer, and the final weights; on another thread
 * count, and from the checkpoint before a damaged one.
 */
@Timeout(300)
class ResumeTest {

    @TempDir
    Path dir;

    /** Bars through a Krotov layer to a readout with Adam: every kind of state a checkpoint must hold. */
    static final String KROTOV = String.join("\n",
            "name = resume-krotov",
            "seed = 3",
            "batch = 20",
            "backend = java",
            "dataset { source = bars, limit = 600, test-limit = 200 }",
            "network {",
            "  populations {",
            "    image { size = 64, model = dataset-input, shuffle = true }",
            "    labels { size = 17, model = dataset-input, emit = labels, shuffle = true }",
            "    hidden { size = 24, model = krotov-layer, k = 2, features = relu, normalise-input = false }",
            "    readout { size = 17, model = readout, features-from = hidden, labels-from = labels,"
                    + " standardise-features = true }",
            "  }",
            "  projections = [",
            "    { source = image, target = hidden, delay-steps = 1, init = { kind = normal, mean = 0.0, std = 1.0 },",
            "      plasticity = { rule = krotov, p = 2, delta = 0.4, eps0 = 0.02, epochs = 6 } }",
            "    { source = hidden, target = readout, delay-steps = 1,",
            "      plasticity = { rule = gradient, optimizer = adam, lr = 0.01, lr-decay = 0.9 } }",
            "    { source = labels, target = readout, delay-steps = 2 }",
            "  ]",
            "}",
            "schedule = [",
            "  { phase = unsupervised, epochs = 6 }",
            "  { phase = readout, epochs = 4, test-each-epoch = true }",
            "  { phase = test }",
            "]",
            "recording {",
            "  weights = [ { source = image, target = hidden, every = 17 }, { source = hidden, target = readout, every = 13 } ]",
            "}",
            "checkpoint { every = 1, keep = 3 }",
            "");

    /** A two-layer net trained by backprop with Adam, errors travelling back a step late: 7 checkpoints. */
    static final String SUPERVISED = String.join("\n",
            "name = resume-supervised",
            "seed = 3",
            "batch = 20",
            "backend = java",
            "dataset { source = bars, split = train, limit = 400, test-limit = 200 }",
            "network {",
            "  populations {",
            "    image { size = 64, model = dataset-input, steps-per-presentation = 3, shuffle = true }",
            "    labels { size = 17, model = dataset-input, emit = labels, steps-per-presentation = 3, shuffle = true }",
            "    h1 { size = 48, model = supervised-layer, activation = tanh, error-from = out, propagate-error = false }",
            "    out { size = 17, model = softmax-output, labels-from = labels }",
            "  }",
            "  projections = [",
            "    { source = image, target = h1, init = { kind = uniform, min = -0.125, max = 0.125 },",
            "      plasticity = { rule = bp, optimizer = adam, lr = 0.01 } }",
            "    { source = h1, target = out, init = { kind = uniform, min = -0.14, max = 0.14 },",
            "      plasticity = { rule = bp, optimizer = adam, lr = 0.01 } }",
            "    { source = labels, target = out }",
            "    { source = out, target = h1 }",
            "  ]",
            "}",
            "schedule = [ { phase = supervised, epochs = 8, test-each-epoch = true } ]",
            "recording {",
            "  weights = [ { source = image, target = h1, every = 29 }, { source = h1, target = out, every = 31 } ]",
            "}",
            "");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"krotov, 9", "supervised, 7", "krotov-mnist, 6"})
    void aRunKilledAtARandomEpochResumesToTheUninterruptedRunsBytes(String which, int checkpoints) throws Exception {
        List<String> scenario;
        String[][] weights;
        if (which.equals("krotov-mnist")) {
            // The example itself, shortened: 2000 of MNIST's images, 100 units, 4 + 3 epochs.
            RequiredDatasets.fetched(DatasetFiles.MNIST);
            scenario = List.of("examples/krotov-mnist.conf", "--set", "dataset.limit=2000", "--set", "dataset.test-limit=500",
                    "--set", "network.populations.hidden.size=100", "--set", "backend=java", "--set",
                    "schedule=[{phase=unsupervised, epochs=4}, {phase=readout, epochs=3, test-each-epoch=true}]",
                    "--set", "recording.weights=[{source=image, target=hidden, every=7}, {source=hidden, target=readout,"
                            + " every=5}]");
            weights = KROTOV_WEIGHTS;
        } else {
            Path file = dir.resolve(which + ".conf");
            Files.writeString(file, which.equals("krotov") ? KROTOV : SUPERVISED);
            scenario = List.of(file.toString());
            weights = which.equals("krotov") ? KROTOV_WEIGHTS : SUPERVISED_WEIGHTS;
        }
        Path whole = run(scenario, dir.resolve("whole"), "2");

        // Killed once it has saved a random number of its checkpoints (not the last).
        int after = 1 + new Random().nextInt(checkpoints - 1);
        System.out.println(which + ": killed once " + after + " checkpoint(s) were written");
        Path runs = dir.resolve("killed");
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(scenario);
        args.addAll(List.of("--threads", "2", "--runs-dir", runs.toString()));
        LaminaProcess p = LaminaProcess.start(dir, List.of(), 0, args.toArray(String[]::new));
        Path[] folder = new Path[1];
        Await.until(after + " checkpoints", Duration.ofSeconds(120), () -> {
            if (!p.process().isAlive()) {
                throw new AssertionError("lamina ended before it was killed:\n" + p.output());
            }
            folder[0] = onlyFolder(runs);
            return folder[0] != null && checkpointsWritten(folder[0]) >= after;
        });
        p.process().destroyForcibly(); // SIGKILL
        assertEquals(137, p.exitCode(Duration.ofSeconds(30)), p.output());

        String resumed = Cli.out(0, "resume", folder[0].toString(), "--threads", "1");
        assertTrue(resumed.contains("resuming " + folder[0] + " from checkpoint-"), resumed);
        assertSameRun(whole, folder[0], weights);
        String manifest = Files.readString(folder[0].resolve(RunOutputs.MANIFEST_FILE));
        assertTrue(manifest.contains("status = \"completed\"") && manifest.contains("resumed = [\"checkpoint-"), manifest);
    }

    /**
     * Examples whose phases count steps checkpoint only where a phase ends: split in two phases,
     * each run is cut back to its first phase's checkpoint (inside a presentation) as if it had
     * died there, and resumed. Covers pattern-input and lif-inhibition (demo), krotov-hopfield with
     * threshold output on a dataset (bars), and with analog patterns (lateral-inhibition, smaller).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"demo|300", "bars|250", "lateral-inhibition|300"})
    void aStepPhaseExampleResumesFromItsPhaseEndCheckpointToTheSameBytes(String example, int steps) throws Exception {
        List<String> scenario = new java.util.ArrayList<>(List.of("examples/" + example + ".conf", "--set", "backend=java",
                "--set", "schedule=[{phase=a, steps=" + steps + "}, {phase=b, steps=" + steps + "}]"));
        if (example.equals("lateral-inhibition")) {
            scenario.addAll(List.of("--set", "network.populations.kh.size=200"));
        }
        Path whole = run(scenario, dir.resolve("whole"), "2");
        Path copy = dir.resolve("copy");
        copyTree(whole, copy);
        List<Path> files = CheckpointFiles.list(copy);
        assertEquals(List.of("checkpoint-1.lamina-ckpt"), files.stream().map(f -> f.getFileName().toString()).toList(),
                "one checkpoint, at the end of the first phase");
        String resumed = Cli.out(0, "resume", copy.toString(), "--threads", "1");
        assertTrue(resumed.contains("from checkpoint-1"), resumed);
        assertSameRun(whole, copy, new String[0][]);
    }

    @Test
    void aRunStoppedBySigtermSaysHowToResumeAndResumesToTheSameBytes() throws Exception {
        Path file = dir.resolve("krotov.conf");
        Files.writeString(file, KROTOV);
        Path whole = run(file, dir.resolve("whole"), "1");
        Path runs = dir.resolve("stopped");
        LaminaProcess p = LaminaProcess.start(dir, List.of(), 0, "run", file.toString(), "--threads", "2", "--runs-dir",
                runs.toString());
        Path[] folder = new Path[1];
        Await.until("2 checkpoints", Duration.ofSeconds(120), () -> {
            if (!p.process().isAlive()) {
                throw new AssertionError("lamina ended before it was stopped:\n" + p.output());
            }
            folder[0] = onlyFolder(runs);
            return folder[0] != null && checkpointsWritten(folder[0]) >= 2;
        });
        p.signal("TERM");
        assertEquals(143, p.exitCode(Duration.ofSeconds(60)), p.output());
        assertTrue(p.output().matches("(?s).*; `\\./lamina resume " + java.util.regex.Pattern.quote(folder[0].toString())
                + "` continues it from checkpoint-\\d+\\.lamina-ckpt.*"), p.output());
        assertTrue(Files.readString(folder[0].resolve(RunOutputs.MANIFEST_FILE)).contains("status = \"interrupted\""));
        Cli.out(0, "resume", folder[0].toString());
        assertSameRun(whole, folder[0], KROTOV_WEIGHTS);
    }

    @Test
    void aDamagedLatestCheckpointIsSkippedForTheOneBeforeIt() throws Exception {
        Path file = dir.resolve("krotov.conf");
        Files.writeString(file, KROTOV);
        Path whole = run(file, dir.resolve("whole"), "2");
        Path copy = dir.resolve("copy");
        copyTree(whole, copy);
        // As if the run had died after its ninth checkpoint (of ten), the ninth damaged: the eighth goes on.
        List<Path> files = CheckpointFiles.list(copy);
        assertEquals(3, files.size(), "keep = 3: " + files);
        Files.delete(files.get(2));
        Path latest = files.get(1);
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(latest, bytes);
        String resumed = Cli.out(0, "resume", copy.toString());
        assertTrue(resumed.contains("note: " + latest + " is corrupt: its CRC32C does not match; trying the checkpoint"
                + " before it"), resumed);
        assertTrue(resumed.contains("from " + files.get(0).getFileName()), resumed);
        assertSameRun(whole, copy, KROTOV_WEIGHTS);
    }

    @Test
    void aFolderWithoutCheckpointsOrWithAnotherScenarioIsRefused() throws Exception {
        Path file = dir.resolve("krotov.conf");
        Files.writeString(file, KROTOV.replace("every = 1, keep = 3", "every = 0, keep = 3"));
        Path none = run(file, dir.resolve("none"), "1");
        String err = Cli.err(2, "resume", none.toString());
        assertTrue(err.contains(none + " has no checkpoint to resume from"), err);

        Files.writeString(file, KROTOV);
        Path changed = run(file, dir.resolve("changed"), "1");
        Path conf = changed.resolve("scenario.conf");
        Files.writeString(conf, Files.readString(conf).replace("seed = 3", "seed = 4"));
        err = Cli.err(2, "resume", changed.toString());
        assertTrue(err.contains("is not the scenario checkpoint-") && err.contains("was saved with"), err);
    }

    static final String[][] KROTOV_WEIGHTS = {{"image", "hidden"}, {"hidden", "readout"}};
    static final String[][] SUPERVISED_WEIGHTS = {{"image", "h1"}, {"h1", "out"}};

    /** Every record after the header byte for byte, and the final weights, as the uninterrupted run's. */
    static void assertSameRun(Path expected, Path actual, String[][] projections) throws IOException {
        List<TraceRecord> a = records(expected);
        List<TraceRecord> b = records(actual);
        assertEquals(a.size(), b.size(), "records");
        for (int i = 1; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toByteArray(), b.get(i).toByteArray(), "record " + (i + 1));
        }
        Footer f = b.get(b.size() - 1).getFooter();
        assertEquals(Footer.Status.COMPLETED, f.getStatus());
        for (String[] j : projections) {
            RunWeights.Snapshot x = RunWeights.latest(expected, j[0], j[1]);
            RunWeights.Snapshot y = RunWeights.latest(actual, j[0], j[1]);
            assertArrayEquals(x.values(), y.values(), j[0] + " -> " + j[1]);
        }
    }

    private static List<TraceRecord> records(Path run) throws IOException {
        List<TraceRecord> out = new java.util.ArrayList<>();
        try (TraceReader r = TraceReader.open(run.resolve(RunFolder.TRACE_FILE))) {
            while (r.hasNext()) {
                out.add(r.next());
            }
            assertTrue(r.problem().isEmpty(), r.problem().toString());
        }
        return out;
    }

    private static Path run(Path file, Path runs, String threads) throws IOException {
        return run(List.of(file.toString()), runs, threads);
    }

    /** {@code lamina run} of a scenario file and its overrides, in this JVM; the run folder. */
    private static Path run(List<String> scenario, Path runs, String threads) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(scenario);
        args.addAll(List.of("--threads", threads, "--runs-dir", runs.toString()));
        Cli.out(0, args.toArray(String[]::new));
        return onlyFolder(runs);
    }

    private static Path onlyFolder(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.findFirst().orElse(null);
        }
    }

    private static int checkpointsWritten(Path folder) throws IOException {
        List<Path> files = CheckpointFiles.list(folder);
        if (files.isEmpty()) {
            return 0;
        }
        String name = files.get(files.size() - 1).getFileName().toString();
        return Integer.parseInt(name.substring("checkpoint-".length(), name.indexOf('.')));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals("run.lock")) {
                    Files.copy(p, t);
                }
            }
        }
    }
}
