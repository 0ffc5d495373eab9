package org.lamina.scenarios.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.neurons.input.PatternInput;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.neurons.krotov.KrotovHopfield;
import org.lamina.neurons.krotov.KrotovLayer;
import org.lamina.neurons.softhebb.SoftHebbLayer;
import org.lamina.neurons.lif.LifInhibition;
import org.lamina.neurons.wta.SoftWta;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;

/** Builder ↔ file: a built scenario written as HOCON parses back to an equal scenario, and vice versa. */
class ScenarioRoundTripTest {

    static Scenario built() {
        return Scenario.builder("round-trip").seed(42).dtMs(0.25).batch(3).backend("java")
                .population("in", 30, new PatternInput(PatternInput.Coding.REGULAR, 50, 80.0))
                .population("kh", 20, KrotovHopfield.defaults().withInhibition(0.3).withIntegrator("rk4"))
                .population("lif", 10, new LifInhibition(12.5, 0.9, 0.05, 3), "auto")
                .population("wta", 5, new SoftWta(4.0, true))
                .projection("in", "kh", 1, WeightInit.normal(0, 0.5), "none")
                .projection("kh", "lif", 2, WeightInit.uniform(-0.1, 0.3), "none")
                .projection("lif", "wta", 3, WeightInit.constant(0.25), "none")
                .phase("warm-up", 100).phase("measure", 250)
                .recording(new RecordingSpec(Set.of("kh", "lif"),
                        List.of(new RecordingSpec.StateProbe("kh", "h", new int[] {0, 7}, 5)),
                        List.of(new RecordingSpec.WeightProbe("kh", "lif", 100))))
                .build();
    }

    @Test
    void aBuiltScenarioSurvivesWritingAndReading() {
        Scenario s = built();
        Scenario back = ScenarioParser.parseText(s.toHocon(), "round-trip", List.of());
        assertEquals(s, back);
        assertEquals(s.toHocon(), back.toHocon());
    }

    @Test
    void theLearningLayersSurviveWritingAndReading() {
        Scenario s = Scenario.builder("learning-layers").seed(2).dtMs(1).batch(4).backend("java")
                .population("in", 16, PatternInput.analog(1))
                .population("sh", 8, new SoftHebbLayer(4, 0.01, 0.5, SoftHebbParams.Variant.HARD, true, 0, "learn", 7,
                        SoftHebbLayer.Features.RELU, 2))
                .population("kl", 6, new KrotovLayer(2, 2, 0.3, 0.02, 3, 64, "learn", 5, KrotovLayer.Features.RELU, 1,
                        false), "opencl")
                .projection("in", "sh", 1, WeightInit.uniform(0, 0.1), "none")
                .projection("in", "kl", 1, WeightInit.normal(0, 1), "none")
                .phase("learn", 10).phase("test", 5)
                .build();
        Scenario back = ScenarioParser.parseText(s.toHocon(), "learning-layers", List.of());
        assertEquals(s, back);
        assertEquals(java.util.Map.of("kl", "opencl"), back.populationBackends(), "a population's own kernel backend");
        Scenario defaults = ScenarioParser.parseText(String.join("\n",
                "name = defaults", "network { populations {",
                "  in { size = 4, model = pattern-input, steps-per-presentation = 1 }",
                "  sh { size = 3, model = softhebb-layer }",
                "  kl { size = 3, model = krotov-layer, epochs = 1, examples-per-epoch = 10 }",
                // Each learns on exactly one incoming projection (a scenario without them cannot run).
                "}, projections = [ { source = in, target = sh }, { source = in, target = kl } ] }",
                "schedule = [ { phase = run, steps = 1 } ]"), "defaults", List.of());
        assertEquals(SoftHebbLayer.mnistPreset(), defaults.populations().get(1).model());
        assertEquals(KrotovLayer.paper(1, 10), defaults.populations().get(2).model());
    }

    /** Every shipped example: each must parse (a broken one would fail only when a user runs it). */
    static Stream<String> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList();
            assertTrue(names.size() >= 20, "examples/ should hold the shipped scenarios, found " + names);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void theExampleFilesSurviveReadingAndWriting(String file) {
        Scenario s = ScenarioParser.parse(Path.of("examples", file), List.of());
        assertEquals(s, ScenarioParser.parseText(s.toHocon(), file, List.of()));
    }

    /**
     * Every shipped example loads with its real data (fetched first when missing): the shapes its
     * parse was checked against are those of the files.
     */
    @Test
    void theExampleFilesLoadTheirData() throws IOException {
        org.lamina.scenarios.run.ScenarioResolver resolver = new org.lamina.scenarios.run.ScenarioResolver();
        for (String file : exampleFiles().toList()) {
            ScenarioParser.Plan plan = ScenarioParser.plan(Path.of("examples", file), List.of());
            if (plan.base().dataset() != null) {
                org.lamina.scenarios.data.Datasets.filesOf(plan.base().dataset().source())
                        .ifPresent(org.lamina.scenarios.data.RequiredDatasets::fetched);
            }
            for (Scenario point : plan.points()) {
                assertTrue(resolver.resolve(point, plan.locations()).loaded(), file);
            }
        }
    }

    @Test
    void overridesReplaceEntriesAndKeepTheRest() {
        Scenario s = ScenarioParser.parse(Path.of("examples", "lateral-inhibition.conf"),
                List.of("network.populations.kh.inhibition=0.7", "seed=9", "schedule=[{phase=short, steps=10}]"));
        assertEquals(9, s.seed());
        assertEquals(0.7, ((KrotovHopfield) s.populations().get(1).model()).inhibition());
        assertEquals(List.of(new Scenario.Phase("short", 10)), s.schedule());
        assertEquals(List.of("stimulus", "kh"), s.populations().stream().map(p -> p.name()).toList(),
                "populations keep the order of the file");
    }
}
