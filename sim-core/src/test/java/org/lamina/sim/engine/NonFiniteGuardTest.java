package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.proto.Footer;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.GoesNonFinite;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceReader;

/**
 * The guard on numbers: the first value that is not finite in a population's state, its learned
 * weights, a metric or a dense emission ends the run within the window, naming the population,
 * what held it and the step, like a model that throws (FAILED footer).
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class NonFiniteGuardTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @TempDir
    Path dir;

    private SimulationFailedException run(GoesNonFinite model, int delay, Path trace) throws Exception {
        NetworkSpec network = new NetworkSpec(List.of(
                new PopulationSpec("clock", 4, 2, new ScriptedSpikes(Map.of(0L, new int[] {1}))),
                new PopulationSpec("bad", 3, 2, model)),
                List.of(new ProjectionSpec("clock", "bad", delay, WeightInit.constant(0.5))), 0.5, 1);
        Simulation sim = Simulation.start(testKit.system(), network, RecordingSpec.none(), TraceFileWriter.create(trace),
                new RunInfo("guard", "", null));
        return assertThrows(SimulationFailedException.class, () -> sim.runToEnd(40));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "state    | state variable h is NaN at unit 1 of example 0",
        "weights  | the weights of projection clock -> bad hold Infinity at row 1, column 2",
        "metric   | metric loss is NaN",
        "emission | it emitted -Infinity (value 2 of example 0)"})
    void theFirstValueThatIsNotANumberEndsTheRunAtItsStep(String what, String expected) throws Exception {
        Path trace = dir.resolve(what + ".trace");
        SimulationFailedException e = run(new GoesNonFinite(what, 13, true), 1, trace);
        assertEquals("bad", e.population());
        assertEquals(13, e.step(), e.getMessage());
        assertTrue(e.getMessage().contains("population 'bad'"), e.getMessage());
        assertTrue(e.getMessage().contains("at step 13"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        Footer footer = TraceReader.readAll(trace).footer().orElseThrow();
        assertEquals(Footer.Status.FAILED, footer.getStatus());
        assertEquals(13, footer.getFailedStep());
        assertEquals(13, footer.getStepsCompleted(), "steps 0..12 completed");
    }

    @Test
    void inLongerWindowsTheStateIsCheckedAtTheWindowsEndAndSaysSo() throws Exception {
        // Delay 4: windows of 4 steps; NaN at step 13 is found at the end of steps 12..15.
        SimulationFailedException e = run(new GoesNonFinite("state", 13, true), 4, dir.resolve("window.trace"));
        assertEquals(15, e.step(), e.getMessage());
        assertTrue(e.getMessage().contains("found at the end of the window of steps 12..15"), e.getMessage());
    }

    @Test
    void weightsAreCheckedOnlyAfterTheModelSaysTheyChanged() throws Exception {
        // The model breaks its weights without moving weightsVersion(): the guard, which rescans weights
        // only when it moves (the cost trade-off), does not look again, and the run completes.
        NetworkSpec network = new NetworkSpec(List.of(
                new PopulationSpec("clock", 4, 2, new ScriptedSpikes(Map.of(0L, new int[] {1}))),
                new PopulationSpec("bad", 3, 2, new GoesNonFinite("weights", 13, false))),
                List.of(new ProjectionSpec("clock", "bad", 1, WeightInit.constant(0.5))), 0.5, 1);
        Simulation sim = Simulation.start(testKit.system(), network, RecordingSpec.none(),
                TraceFileWriter.create(dir.resolve("quiet.trace")), new RunInfo("guard", "", null));
        assertEquals(40, sim.runToEnd(40).steps());
    }

    @Test
    void largeWeightsAreCheckedAPartAfterEachLearningStep() throws Exception {
        // 3 x 65536 weights: two parts of 131072. Learning every step, the part that holds the last weight
        // (the second) is checked after every other step: the infinity put there at step 13 is found at
        // step 13 or 14, and the message says the check goes a part at a time.
        int inputs = 65_536;
        NetworkSpec network = new NetworkSpec(List.of(
                new PopulationSpec("clock", inputs, 2, new ScriptedSpikes(Map.of(0L, new int[] {1}))),
                new PopulationSpec("bad", 3, 2, new GoesNonFinite("weights", 13, "every", true))),
                List.of(new ProjectionSpec("clock", "bad", 1, WeightInit.constant(0.5))), 0.5, 1);
        Simulation sim = Simulation.start(testKit.system(), network, RecordingSpec.none(),
                TraceFileWriter.create(dir.resolve("parts.trace")), new RunInfo("guard", "", null));
        SimulationFailedException e = assertThrows(SimulationFailedException.class, () -> sim.runToEnd(40));
        assertTrue(e.step() == 13 || e.step() == 14, e.getMessage());
        assertTrue(e.getMessage().contains("hold Infinity at row 2, column 65535"), e.getMessage());
        assertTrue(e.getMessage().contains("checked " + PopulationActor.WEIGHT_PART + " at a time"), e.getMessage());
    }

    @Test
    void recordedWeightsAreCheckedWhole() throws Exception {
        // Never said to change: only the snapshot taken for the trace can see the infinity.
        NetworkSpec network = new NetworkSpec(List.of(
                new PopulationSpec("clock", 4, 2, new ScriptedSpikes(Map.of(0L, new int[] {1}))),
                new PopulationSpec("bad", 3, 2, new GoesNonFinite("weights", 13, false))),
                List.of(new ProjectionSpec("clock", "bad", 1, WeightInit.constant(0.5))), 0.5, 1);
        Simulation sim = Simulation.start(testKit.system(), network, new RecordingSpec(java.util.Set.of(), List.of(),
                List.of(new RecordingSpec.WeightProbe("clock", "bad", 1))), TraceFileWriter.create(dir.resolve("rec.trace")),
                new RunInfo("guard", "", null));
        SimulationFailedException e = assertThrows(SimulationFailedException.class, () -> sim.runToEnd(40));
        assertEquals(13, e.step(), e.getMessage());
        assertTrue(e.getMessage().contains("weights of projection clock -> bad hold Infinity at row 1, column 2"),
                e.getMessage());
    }

    @Test
    void initialWeightsThatAreNotFiniteFailTheFirstWindow() throws Exception {
        NetworkSpec network = new NetworkSpec(List.of(
                new PopulationSpec("clock", 4, 2, new ScriptedSpikes(Map.of(0L, new int[] {1}))),
                new PopulationSpec("bad", 3, 2, new GoesNonFinite("none", -1, false))),
                List.of(new ProjectionSpec("clock", "bad", 1, WeightInit.constant(Double.NaN))), 0.5, 1);
        Simulation sim = Simulation.start(testKit.system(), network, RecordingSpec.none(),
                TraceFileWriter.create(dir.resolve("init.trace")), new RunInfo("guard", "", null));
        SimulationFailedException e = assertThrows(SimulationFailedException.class, () -> sim.runToEnd(10));
        assertEquals(0, e.step());
        assertTrue(e.getMessage().contains("initial weights of projection clock -> bad hold NaN at row 0, column 0"),
                e.getMessage());
    }

    @Test
    void scanningFindsTheFirstValueThatIsNotFinite() {
        float[] a = new float[1000];
        assertEquals(-1, Finite.firstNonFinite(a));
        a[999] = Float.MAX_VALUE;
        a[3] = -Float.MAX_VALUE;
        assertEquals(-1, Finite.firstNonFinite(a), "the largest floats are finite");
        a[500] = Float.NEGATIVE_INFINITY;
        a[700] = Float.NaN;
        assertEquals(500, Finite.firstNonFinite(a));
        assertEquals(700, Finite.firstNonFinite(a, 501, 1000));
        a[0] = Float.intBitsToFloat(0x7fc00001); // a NaN with payload
        assertEquals(0, Finite.firstNonFinite(a));
    }
}
