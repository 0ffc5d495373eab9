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
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.Plasticity;
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
                .projection("in", "kh", 1, WeightInit.normal(0, 0.5), Plasticity.NONE)
                .projection("kh", "lif", 2, WeightInit.uniform(-0.1, 0.3), Plasticity.NONE)
                .projection("lif", "wta", 3, WeightInit.constant(0.25), Plasticity.NONE)
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
        SoftHebbLayer sh = new SoftHebbLayer(4, 0.01, 0.5, SoftHebbParams.Variant.HARD, true, 0, 7,
                SoftHebbLayer.Features.RELU, 2, 48);
        KrotovLayer kl = new KrotovLayer(2, 2, 0.3, 0.02, 3, 64, 5, KrotovLayer.Features.RELU, 1, false);
        Scenario s = Scenario.builder("learning-layers").seed(2).dtMs(1).batch(4).backend("java")
                .population("in", 16, PatternInput.analog(1))
                .population("sh", 8, sh)
                .population("kl", 6, kl, "opencl")
                .projection("in", "sh", 1, WeightInit.uniform(0, 0.1), SoftHebbLayer.TYPE.plasticity(sh))
                .projection("in", "kl", 1, WeightInit.normal(0, 1), KrotovLayer.TYPE.plasticity(kl))
                .phase("learn", PhaseKind.UNSUPERVISED, 10).phase("only-kl", PhaseKind.RUN, 5, List.of("in -> kl"))
                .phase("test", 5)
                .build();
        String written = s.toHocon();
        assertTrue(written.contains("plasticity = { rule = \"krotov\", delta = 0.3, epochs = 3"), written);
        Scenario back = ScenarioParser.parseText(written, "learning-layers", List.of());
        assertEquals(s, back);
        assertEquals(new Plasticity("krotov", PhaseKind.UNSUPERVISED), back.projections().get(1).plasticity());
        assertEquals(Set.of(0, 1), back.schedule().get(0).inEngine(back.network()).learning());
        assertEquals(Set.of(1), back.schedule().get(1).inEngine(back.network()).learning());
        assertEquals(Set.of(), back.schedule().get(2).inEngine(back.network()).learning(), "a run phase");
        assertEquals(java.util.Map.of("kl", "opencl"), back.populationBackends(), "a population's own kernel backend");
        Scenario defaults = ScenarioParser.parseText(String.join("\n",
                "name = defaults", "network { populations {",
                "  in { size = 4, model = pattern-input, steps-per-presentation = 1 }",
                "  sh { size = 3, model = softhebb-layer }",
                "  kl { size = 3, model = krotov-layer }",
                "}, projections = [ { source = in, target = sh, plasticity { rule = softhebb } }",
                "  { source = in, target = kl, plasticity { rule = krotov, epochs = 1, examples-per-epoch = 10 } } ] }",
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

    /** {@code --set} reaches into one element of a list, chosen by "source -> target" or by index. */
    @Test
    void theCheckpointSettingsSurviveWritingAndReadingAndAreChecked() {
        Scenario plain = ScenarioParser.parse(Path.of("examples", "quickstart.conf"), List.of());
        assertEquals(Scenario.CheckpointSpec.DEFAULT, plain.checkpoint());
        assertTrue(!plain.toHocon().contains("checkpoint"), "the default is not written (older runs' texts stay)");
        Scenario set = ScenarioParser.parse(Path.of("examples", "quickstart.conf"), List.of("checkpoint.every=5",
                "checkpoint.keep=4"));
        assertEquals(new Scenario.CheckpointSpec(5, 4), set.checkpoint());
        Scenario back = ScenarioParser.parseText(set.toHocon(), "round-trip", List.of());
        assertEquals(set.checkpoint(), back.checkpoint());
        assertEquals(set.toHocon(), back.toHocon());
        ScenarioException keep = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse(Path.of("examples", "quickstart.conf"), List.of("checkpoint.keep=0")));
        assertTrue(keep.getMessage().contains("checkpoint.keep: expected an integer in 1..1000, got 0"), keep.getMessage());
        ScenarioException unknown = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioParser.parse(Path.of("examples", "quickstart.conf"), List.of("checkpoint.every-steps=5")));
        assertTrue(unknown.getMessage().contains("checkpoint.every-steps"), unknown.getMessage());
    }

    @Test
    void overridesSelectAProjection() {
        Scenario s = ScenarioParser.parse(Path.of("examples", "quickstart.conf"),
                List.of("network.projections[image -> hidden].plasticity.epochs=3",
                        "network.projections[hidden->readout].plasticity.lr=0.01", "network.projections[0].init.std=0.5"));
        KrotovLayer hidden = (KrotovLayer) s.populations().get(2).model();
        assertEquals(3, hidden.epochs());
        assertEquals(0.04, hidden.eps0(), "the rest of the block is kept");
        assertEquals(0.01, ((org.lamina.neurons.readout.ReadoutLayer) s.populations().get(3).model()).optimiser().lr());
        assertEquals(0.5, s.projections().get(0).init().b(), "by index");
        assertEquals(0.0, s.projections().get(0).init().a(), "the rest of the init is kept");
        assertEquals(3, s.projections().size());
    }

    /** Population ids follow where each population's model is written, whatever overrides or includes add to it. */
    @Test
    void overridesAndIncludesKeepThePopulationIds() {
        List<String> order = List.of("image", "labels", "hidden", "readout");
        assertEquals(order, names(ScenarioParser.parse(Path.of("examples", "krotov-mnist.conf"), List.of())));
        assertEquals(order, names(ScenarioParser.parse(Path.of("examples", "krotov-mnist-dynamics.conf"), List.of())),
                "a file that includes another and adds keys to one of its populations");
        assertEquals(order, names(ScenarioParser.parse(Path.of("examples", "quickstart.conf"),
                List.of("network.populations.image.shuffle=false", "network.populations.labels.shuffle=false",
                        "network.populations.hidden.k=5"))));
    }

    private static List<String> names(Scenario s) {
        return s.populations().stream().map(p -> p.name()).toList();
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
