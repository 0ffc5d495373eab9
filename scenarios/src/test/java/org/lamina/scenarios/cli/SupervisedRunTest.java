package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised network written as a scenario (the shape of examples/bp-mnist.conf, on the bars
 * so nothing is downloaded) runs through `lamina run`: it learns, tests after each epoch and
 * reports the output's accuracy; keys that do not apply to the chosen rule are refused.
 */
@Timeout(120)
class SupervisedRunTest {

    @TempDir
    Path dir;

    static String scenario(String rule, String extraHidden, String extraOut, String tdInit, int spp) {
        return String.join("\n",
                "name = supervised-bars",
                "seed = 3",
                "batch = 20",
                "backend = java",
                "dataset { source = bars, split = train, limit = 400, test-limit = 200 }",
                "network {",
                "  populations {",
                "    image { size = 64, model = dataset-input, steps-per-presentation = " + spp + ", shuffle = true }",
                "    labels { size = 17, model = dataset-input, emit = labels, steps-per-presentation = " + spp
                        + ", shuffle = true }",
                "    h1 { size = 48, model = supervised-layer, activation = tanh, error-from = out,"
                        + " propagate-error = false }",
                "    out { size = 17, model = softmax-output, labels-from = labels }",
                "  }",
                "  projections = [",
                "    { source = image, target = h1, init = { kind = uniform, min = -0.125, max = 0.125 },",
                "      plasticity = { rule = " + rule + ", optimizer = adam, lr = 0.01 " + extraHidden + " } }",
                "    { source = h1, target = out, init = { kind = uniform, min = -0.14, max = 0.14 },",
                "      plasticity = { rule = " + rule + ", optimizer = adam, lr = 0.01 " + extraOut + " } }",
                "    { source = labels, target = out }",
                "    { source = out, target = h1" + tdInit + " }",
                "  ]",
                "}",
                "schedule = [ { phase = supervised, epochs = 8, test-each-epoch = true } ]",
                "");
    }

    @Test
    void aBackpropNetworkLearnsTheBarsAndReportsItsTestAccuracy() throws IOException {
        Path conf = dir.resolve("bp.conf");
        Files.writeString(conf, scenario("bp", "", "", "", 3));
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("run", conf.toString(), "--runs-dir", runs.toString()));
        String metrics;
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> folders = s.toList();
            metrics = Files.readString(folders.get(0).resolve("metrics.json"));
        }
        double accuracy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metrics).path("test_accuracy")
                .path("out").asDouble(Double.NaN);
        assertTrue(accuracy > 0.5, "17 classes (chance ~6%), test accuracy " + accuracy);
    }

    @Test
    void keysThatDoNotApplyToTheRuleAreRefused() throws IOException {
        Path conf = dir.resolve("fa.conf");
        Files.writeString(conf, scenario("fa", ", td-weights = separate", "", ", init = { kind = uniform, min = -0.3, max = 0.3 }", 3));
        assertEquals(2, Main.execute("validate", conf.toString()));
        Files.writeString(conf, scenario("bp", "", ", angle-every = 10", "", 3));
        assertEquals(2, Main.execute("validate", conf.toString()));
        Files.writeString(conf, scenario("fa", "", ", angle-every = 10", ", init = { kind = uniform, min = -0.3, max = 0.3 }", 3));
        assertEquals(0, Main.execute("validate", conf.toString()));
    }
}
