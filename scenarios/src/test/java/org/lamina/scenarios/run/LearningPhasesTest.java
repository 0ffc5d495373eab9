package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.proto.Header;
import org.lamina.proto.ProjectionInfo;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.cli.Main;
import org.lamina.sim.trace.TraceReader;

/**
 * Learning happens in the phases that say so and in no other, for every learning model, end to
 * end through `lamina run` (bars: nothing to download): each projection's weights, recorded
 * every step, change only inside the phases that list it (by their kind, or by {@code learns}),
 * and do change in each of those; a readout phase not named "readout" trains the readout; the
 * phase markers record the kind and the projections that learned.
 */
@Timeout(120)
class LearningPhasesTest {

    @TempDir
    Path dir;

    private static final String DATA = "dataset { source = bars, limit = 40, test-limit = 20 }";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"krotov", "softhebb"})
    void eachRuleLearnsInItsPhasesAndOnlyThere(String rule) throws IOException {
        String hidden = rule.equals("krotov")
                ? "hidden { size = 8, model = krotov-layer, k = 2, features = relu, normalise-input = false }"
                : "hidden { size = 8, model = softhebb-layer, radius = 2 }";
        String hiddenRule = rule.equals("krotov") ? "{ rule = krotov, p = 2, epochs = 5 }" : "{ rule = softhebb }";
        Path trace = run(String.join("\n",
                "name = phases", "seed = 3", "batch = 10", "backend = java", DATA,
                "network {",
                "  populations {",
                "    image { size = 64, model = dataset-input }",
                "    labels { size = 17, model = dataset-input, emit = labels }",
                "    " + hidden,
                "    readout { size = 17, model = readout, features-from = hidden, labels-from = labels }",
                "  }",
                "  projections = [",
                "    { source = image, target = hidden, init = { kind = normal, mean = 0, std = 1 }, plasticity = "
                        + hiddenRule + " }",
                "    { source = hidden, target = readout, plasticity = { rule = gradient, lr = 0.05 } }",
                "    { source = labels, target = readout, delay-steps = 2 }",
                "  ]",
                "}",
                "schedule = [",
                "  { phase = warm, kind = run, epochs = 1 }",           // nothing learns
                "  { phase = features, kind = unsupervised, epochs = 1 }", // the hidden layer's rule
                "  { phase = fit, kind = readout, epochs = 1 }",        // the readout, not named readout
                "  { phase = named, kind = run, epochs = 1, learns = [readout] }",
                "  { phase = frozen, kind = readout, epochs = 1, learns = [] }",
                "  { phase = test }",
                "]",
                "recording { weights = [ { source = image, target = hidden, every = 1 },",
                "  { source = hidden, target = readout, every = 1 } ] }"));
        Recorded r = Recorded.read(trace);
        assertEquals(Set.of("features"), r.phasesThatChanged("image -> hidden"));
        assertEquals(Set.of("fit", "named"), r.phasesThatChanged("hidden -> readout"));
        assertEquals(List.of("warm:run:[]", "features:unsupervised:[image -> hidden]",
                "fit:readout:[hidden -> readout]", "named:run:[hidden -> readout]", "frozen:readout:[]", "test:test:[]"),
                r.markers());
    }

    @Test
    void aSupervisedNetworkLearnsInItsPhasesAndOnlyThere() throws IOException {
        Path trace = run(String.join("\n",
                "name = supervised-phases", "seed = 3", "batch = 10", "backend = java", DATA,
                "network {",
                "  populations {",
                "    image { size = 64, model = dataset-input, steps-per-presentation = 3 }",
                "    labels { size = 17, model = dataset-input, emit = labels, steps-per-presentation = 3 }",
                "    h1 { size = 12, model = supervised-layer, activation = tanh, error-from = out, propagate-error = false }",
                "    out { size = 17, model = softmax-output, labels-from = labels }",
                "  }",
                "  projections = [",
                "    { source = image, target = h1, init = { kind = uniform, min = -0.1, max = 0.1 },",
                "      plasticity = { rule = bp, optimizer = sgd, lr = 0.1 } }",
                "    { source = h1, target = out, init = { kind = uniform, min = -0.1, max = 0.1 },",
                "      plasticity = { rule = bp, optimizer = sgd, lr = 0.1 } }",
                "    { source = labels, target = out }",
                "    { source = out, target = h1 }",
                "  ]",
                "}",
                "schedule = [",
                "  { phase = train, kind = supervised, epochs = 1 }",
                "  { phase = idle, kind = run, epochs = 1 }",
                "  { phase = top, kind = supervised, epochs = 1, learns = [\"h1 -> out\"] }",
                "  { phase = test }",
                "]",
                "recording { weights = [ { source = image, target = h1, every = 1 },",
                "  { source = h1, target = out, every = 1 } ] }"));
        Recorded r = Recorded.read(trace);
        assertEquals(Set.of("train"), r.phasesThatChanged("image -> h1"));
        assertEquals(Set.of("train", "top"), r.phasesThatChanged("h1 -> out"));
        assertEquals(List.of("train:supervised:[image -> h1, h1 -> out]", "idle:run:[]", "top:supervised:[h1 -> out]",
                "test:test:[]"), r.markers());
    }

    private Path run(String scenario) throws IOException {
        Path conf = dir.resolve("phases.conf");
        Files.writeString(conf, scenario);
        Path runs = dir.resolve("runs-" + System.nanoTime());
        assertEquals(0, Main.execute("run", conf.toString(), "--runs-dir", runs.toString()));
        try (Stream<Path> s = Files.list(runs)) {
            return RunWeights.trace(s.findFirst().orElseThrow());
        }
    }

    /** What a trace recorded: weights by projection and step, and the phases by step. */
    private record Recorded(Map<String, TreeMap<Long, float[]>> weights, List<long[]> spans, List<String> names,
                            List<String> markers) {

        static Recorded read(Path trace) throws IOException {
            Map<Integer, String> labels = new HashMap<>();
            Map<String, TreeMap<Long, float[]>> weights = new HashMap<>();
            List<long[]> spans = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> markers = new ArrayList<>();
            try (TraceReader reader = TraceReader.open(trace)) {
                while (reader.hasNext()) {
                    TraceRecord rec = reader.next();
                    if (rec.hasHeader()) {
                        Header h = rec.getHeader();
                        for (ProjectionInfo j : h.getProjectionsList()) {
                            labels.put(j.getId(), h.getPopulations(j.getSource()).getName() + " -> "
                                    + h.getPopulations(j.getTarget()).getName());
                        }
                    } else if (rec.hasFrame() && rec.getFrame().hasWeights()) {
                        var w = rec.getFrame().getWeights();
                        float[] v = new float[w.getValuesCount()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = w.getValues(i);
                        }
                        weights.computeIfAbsent(labels.get(w.getProjection()), k -> new TreeMap<>())
                                .put(rec.getFrame().getStep(), v);
                    } else if (rec.hasFrame() && rec.getFrame().hasPhase()) {
                        var p = rec.getFrame().getPhase();
                        if (p.getBegin()) {
                            spans.add(new long[] {rec.getFrame().getStep(), Long.MAX_VALUE});
                            names.add(p.getPhase());
                            markers.add(p.getPhase() + ":" + p.getKind() + ":"
                                    + p.getLearningList().stream().map(labels::get).toList());
                        } else {
                            spans.get(spans.size() - 1)[1] = rec.getFrame().getStep();
                        }
                    }
                }
            }
            return new Recorded(weights, spans, names, markers);
        }

        /** The phases during which the projection's recorded weights changed from one step to the next. */
        Set<String> phasesThatChanged(String projection) {
            TreeMap<Long, float[]> series = weights.get(projection);
            assertTrue(series != null && series.size() > 20, "weights of " + projection + " recorded every step");
            Set<String> changed = new TreeSet<>();
            float[] before = null;
            for (Map.Entry<Long, float[]> e : series.entrySet()) {
                if (before != null && !Arrays.equals(before, e.getValue())) {
                    changed.add(phaseAt(e.getKey()));
                }
                before = e.getValue();
            }
            return changed;
        }

        private String phaseAt(long step) {
            for (int i = 0; i < spans.size(); i++) {
                if (step >= spans.get(i)[0] && step < spans.get(i)[1]) {
                    return names.get(i);
                }
            }
            return "between phases at step " + step;
        }
    }
}
