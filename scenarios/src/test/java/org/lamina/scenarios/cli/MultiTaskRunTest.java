package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.neurons.input.Split;
import org.lamina.scenarios.data.Dataset;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.data.MultiMnist;
import org.lamina.scenarios.data.RequiredDatasets;

/**
 * The shipped BU–TD scenario (examples/butd-multimnist.conf, shrunk) on real Multi-MNIST built
 * from the fetched MNIST: task, image and label inputs stay in step, the task-gated network
 * learns both tasks, and the output reports each task's test accuracy beside the overall one.
 */
@Timeout(300)
class MultiTaskRunTest {
    static final Path EXAMPLE = Path.of("examples", "butd-multimnist.conf");

    @TempDir
    Path dir;

    @BeforeEach
    void needsMnist() {
        RequiredDatasets.fetched(DatasetFiles.MNIST);
    }

    @Test
    void multiMnistIsComposedFromMnistWithBothTasksPerImage() throws IOException {
        Dataset limited = Datasets.load(Datasets.MULTI_MNIST, Split.TEST, 7);
        Dataset more = Datasets.load(Datasets.MULTI_MNIST, Split.TEST, 40);
        assertEquals(7, limited.size());
        assertEquals(List.of("left", "right"), limited.taskNames());
        for (int i = 0; i < 7; i++) {
            assertEquals(i % 2, limited.task(i), "image i/2 under task left, then right");
            assertEquals(more.label(i), limited.label(i), "a limit takes a prefix of the same pairs");
            assertEquals(more.pixel(i, 400), limited.pixel(i, 400));
        }
        Dataset digits = Datasets.load("mnist", Split.TEST);
        MultiMnist.Pairs pairs = MultiMnist.compose(digits, 20, Datasets.MULTI_MNIST_SEED);
        for (int i = 0; i < 20; i++) {
            assertEquals(pairs.left()[i], more.label(2 * i));
            assertEquals(pairs.right()[i], more.label(2 * i + 1));
        }
    }

    @Test
    void theBuTdNetworkLearnsBothTasksAndReportsEachTasksAccuracy() throws IOException {
        Path runs = dir.resolve("runs");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            code = Main.execute("run", EXAMPLE.toString(), "--runs-dir", runs.toString(),
                    "--set", "dataset.limit=3840", "--set", "dataset.test-limit=1000",
                    "--set", "network.populations.h1.size=100", "--set", "network.populations.h2.size=100",
                    "--set", "network.projections[image -> h1].plasticity.lr=2e-3", "--set", "network.projections[h1 -> h2].plasticity.lr=2e-3",
                    "--set", "network.projections[h2 -> out].plasticity.lr=2e-3",
                    "--set", "schedule=[{phase=supervised,epochs=2,test-each-epoch=true}]");
        } finally {
            System.setOut(old);
        }
        String out = console.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("out[left] accuracy") && out.contains("out[right] accuracy"), out);
        String metrics;
        try (Stream<Path> s = Files.list(runs)) {
            metrics = Files.readString(s.toList().get(0).resolve("metrics.json"));
        }
        com.fasterxml.jackson.databind.JsonNode test = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metrics)
                .path("test_accuracy");
        List<String> names = new java.util.ArrayList<>();
        test.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("out", "out[left]", "out[right]"), names, metrics);
        double all = test.path("out").asDouble();
        double left = test.path("out[left]").asDouble();
        double right = test.path("out[right]").asDouble();
        // The 1000 test examples are 500 images under each task: the overall accuracy is their mean.
        assertEquals((left + right) / 2, all, 1e-5, metrics);
        assertTrue(left > 0.4 && right > 0.4, "chance is 10%: left " + left + ", right " + right);
    }

    @Test
    void anOutputSplitByTaskNeedsAnInputThatEmitsTasks() throws IOException {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, Files.readString(EXAMPLE).replace("tasks-from = task }", "tasks-from = image }"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute("validate", conf.toString());
        } finally {
            System.setErr(old);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains("tasks-from") && message.contains("emit = tasks")
                && message.contains("image is a dataset-input that emits images"), message);
    }
}
