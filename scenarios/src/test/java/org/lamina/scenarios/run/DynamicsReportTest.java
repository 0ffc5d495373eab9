package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.cli.Main;
import org.lamina.sim.trace.TraceReader;

/**
 * A layer learning from its dynamics shows them in its run (bars: nothing to download): the
 * trace holds the traced settling paths, and the report draws them and the sizes of the
 * learning signal's sets per epoch.
 */
@Timeout(120)
class DynamicsReportTest {

    @TempDir
    Path dir;

    @Test
    void theReportShowsHowExamplesSettleAndTheSetsTheyChoose() throws IOException {
        Path conf = dir.resolve("dynamics.conf");
        Files.writeString(conf, String.join("\n",
                "name = dynamics", "seed = 2", "batch = 10", "backend = java",
                "dataset { source = bars, limit = 100, test-limit = 50 }",
                "network {",
                "  populations {",
                "    image { size = 64, model = dataset-input, shuffle = true }",
                "    labels { size = 17, model = dataset-input, emit = labels, shuffle = true }",
                "    hidden { size = 20, model = krotov-layer, k = 2, features = relu, normalise-input = false,",
                "             activity = dynamics, inhibition = 0.8, trace-settling = 3, report-every = 5 }",
                "    readout { size = 17, model = readout, features-from = hidden, labels-from = labels }",
                "  }",
                "  projections = [",
                "    { source = image, target = hidden, init = { kind = normal, mean = 0, std = 1 },",
                "      plasticity = { rule = krotov, p = 2, epochs = 2 } }",
                "    { source = hidden, target = readout, plasticity = { rule = gradient, lr = 0.05 } }",
                "    { source = labels, target = readout, delay-steps = 2 }",
                "  ]",
                "}",
                "schedule = [ { phase = unsupervised, epochs = 2 }, { phase = readout, epochs = 1, test-each-epoch = true } ]"));
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("run", conf.toString(), "--runs-dir", runs.toString()));
        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.findFirst().orElseThrow();
        }
        int paths = 0;
        try (TraceReader r = TraceReader.open(RunWeights.trace(folder))) {
            while (r.hasNext()) {
                TraceRecord rec = r.next();
                if (rec.hasFrame() && rec.getFrame().hasTrajectory()) {
                    assertEquals(8, rec.getFrame().getTrajectory().getUnitsCount());
                    paths++;
                }
            }
        }
        assertEquals(4 * 3, paths, "20 minibatches learned, every 5th traced, 3 examples each");
        for (String figure : new String[] {"settling-hidden.png", "active-sets-hidden.png"}) {
            assertTrue(Files.size(folder.resolve(figure)) > 1000, figure);
            assertTrue(Files.readString(folder.resolve("report.html")).contains(figure), figure + " in the report");
        }
    }
}
