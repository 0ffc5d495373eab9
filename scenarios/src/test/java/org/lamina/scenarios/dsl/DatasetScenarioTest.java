package org.lamina.scenarios.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.kernels.Kernels;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.input.Split;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.data.Bars;
import org.lamina.scenarios.data.Dataset;
import org.lamina.scenarios.run.ScenarioResolver;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.Services;
import org.lamina.sim.trace.MemoryTraceSink;

/** Scenarios that present a dataset: parsing, the checks, and what the input population emits. */
@ExtendWith(TestKitJUnit5Extension.class)
class DatasetScenarioTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    static String scenario(String dataset, String inputLine) {
        return String.join("\n",
                "name = data",
                "batch = 4",
                dataset,
                "network {",
                "  populations {",
                inputLine,
                "    kh { size = 8, model = krotov-hopfield, output = none }",
                "  }",
                "  projections = [ { source = image, target = kh, init = { kind = normal, mean = 0, std = 1 } } ]",
                "}",
                "schedule = [ { phase = run, steps = 30 } ]",
                "");
    }

    private static final String IMAGE = "    image { size = 64, model = dataset-input, steps-per-presentation = 10, label-metrics = true }";

    @Test
    void theInputPresentsTheDatasetInOrderAndTracesTheLabels() {
        Scenario s = ScenarioResolver.loaded(ScenarioParser.parseText(scenario("dataset { source = bars, limit = 6 }",
                IMAGE), "data", List.of()));
        assertEquals(6, ((DatasetInput) s.populations().get(0).model()).shape().size());
        Dataset data = Bars.generate(Bars.Params.DEFAULT, Split.TRAIN);
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation.start(testKit.system(), s.network(), s.recording(), sink, new RunInfo("data", "", null),
                Services.of(Kernels.java())).runToEnd(30);
        List<Integer> labels = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric() && r.getFrame().getMetric().getName().equals("label")) {
                labels.add((int) r.getFrame().getMetric().getValue());
            }
        }
        // 3 presentations x 4 examples: a pass over the 6 examples is 2 minibatches, the second
        // filled up from the start of the pass; then the next pass begins.
        List<Integer> expected = new ArrayList<>();
        for (int k : new int[] {0, 1, 2, 3, 4, 5, 0, 1, 0, 1, 2, 3}) {
            expected.add(data.label(k));
        }
        assertEquals(expected, labels);
    }

    @Test
    void shuffledPassesArePermutations() {
        Scenario s = ScenarioResolver.loaded(ScenarioParser.parseText(scenario("dataset { source = bars, limit = 8 }",
                "    image { size = 64, model = dataset-input, steps-per-presentation = 10, shuffle = true, label-metrics = true }"), "data",
                List.of("batch=8", "schedule=[{phase=run, steps=20}]")));
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation.start(testKit.system(), s.network(), s.recording(), sink, new RunInfo("data", "", null),
                Services.of(Kernels.java())).runToEnd(20);
        // The labels of each pass are a permutation of the 8 labels; which order depends on the seed.
        Dataset data = Bars.generate(Bars.Params.DEFAULT, Split.TRAIN).limit(8);
        List<Integer> all = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric() && r.getFrame().getMetric().getName().equals("label")) {
                all.add((int) r.getFrame().getMetric().getValue());
            }
        }
        List<Integer> sortedLabels = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sortedLabels.add(data.label(i));
        }
        sortedLabels.sort(null);
        List<Integer> firstPass = new ArrayList<>(all.subList(0, 8));
        firstPass.sort(null);
        assertEquals(sortedLabels, firstPass);
        assertEquals(16, all.size());
    }

    @Test
    void aDatasetInputNeedsADatasetAndOneUnitPerPixel() {
        ScenarioException noData = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parseText(scenario("", IMAGE), "data", List.of()));
        assertTrue(noData.getMessage().contains("needs a top-level dataset"), noData.getMessage());
        ScenarioException wrongSize = assertThrows(ScenarioException.class, () -> ScenarioParser.parseText(
                scenario("dataset { source = bars }", IMAGE.replace("size = 64", "size = 784")), "data", List.of()));
        assertTrue(wrongSize.getMessage().contains("emits images needs 64 units: bars images have 64 pixels; size is 784"),
                wrongSize.getMessage());
        ScenarioException unknown = assertThrows(ScenarioException.class, () -> ScenarioParser.parseText(
                scenario("dataset { source = cifar }", IMAGE), "data", List.of()));
        assertTrue(unknown.getMessage().contains("dataset.source"), unknown.getMessage());
        Set.of(noData, wrongSize, unknown).forEach(e -> assertTrue(e.where().startsWith("data")));
    }

    @Test
    void parsingNeedsNoDataAndLoadingErrorsNameTheDatasetLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
        String text = scenario("dataset {\n  source = mnist\n  limit = 10\n}",
                IMAGE.replace("size = 64", "size = 784"));
        ScenarioParser.Plan plan = ScenarioParser.planText(text, "data.conf", List.of());
        Scenario parsed = plan.base();
        DatasetInput in = (DatasetInput) parsed.populations().get(0).model();
        assertEquals(10, in.shape().size());
        assertEquals(784, in.width());
        IllegalStateException unresolved = assertThrows(IllegalStateException.class, parsed::network);
        assertTrue(unresolved.getMessage().contains("resolve it first"), unresolved.getMessage());
        ScenarioException missing = assertThrows(ScenarioException.class, () -> new ScenarioResolver(
                (name, split, limit) -> org.lamina.scenarios.data.Datasets.load(name, split, limit, empty))
                .resolve(parsed, plan.locations()));
        assertEquals("data.conf: 4", missing.where());
        assertEquals("dataset.source", missing.key());
        assertTrue(missing.getMessage().contains("run `lamina datasets fetch mnist`"), missing.getMessage());
    }
}
