package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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
import org.lamina.proto.Footer;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ArrivalLog;
import org.lamina.sim.testing.FailAtStep;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceReader;

@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class FailureTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @TempDir
    Path dir;

    private NetworkSpec network(long failStep) {
        return new NetworkSpec(List.of(
                new PopulationSpec("clock", 2, 1, new ScriptedSpikes(Map.of(0L, new int[] {1}))),
                new PopulationSpec("unstable", 3, 2, new FailAtStep(failStep)),
                new PopulationSpec("log", 1, 2, new ArrivalLog())),
                List.of(new ProjectionSpec("unstable", "log", 2, WeightInit.constant(1))), 0.5, 1);
    }

    @Test
    void aThrowingPopulationEndsTheRunWithItsDiagnosticAndAFailedFooter() throws Exception {
        Path trace = dir.resolve("failed.trace");
        Simulation sim = Simulation.start(testKit.system(), network(7), new RecordingSpec(
                java.util.Set.of("unstable"), List.of(), List.of()), TraceFileWriter.create(trace), new RunInfo("f", "", null));

        SimulationFailedException e = assertThrows(SimulationFailedException.class, () -> sim.runToEnd(100));
        assertEquals("unstable", e.population());
        assertEquals(7, e.step());
        assertTrue(e.getMessage().contains("population 'unstable'"), e.getMessage());
        assertTrue(e.getMessage().contains("at step 7"), e.getMessage());
        assertTrue(e.getMessage().contains("ArithmeticException: diverged: h = NaN (test)"), e.getMessage());

        TraceReader.Contents c = TraceReader.readAll(trace);
        assertTrue(c.problem().isEmpty(), () -> c.problem().get());
        Footer footer = c.footer().orElseThrow();
        assertEquals(Footer.Status.FAILED, footer.getStatus());
        assertEquals("unstable", footer.getFailedPopulation());
        assertEquals(7, footer.getFailedStep());
        assertEquals(e.getMessage(), footer.getError());
        // Window = 2 steps: windows 0..2 (steps 0..5) completed; the spikes of steps 0..5 were
        // recorded, and the logger's two metrics for each arrival at steps 2..5.
        assertEquals(6, footer.getStepsCompleted());
        assertEquals(6, c.frames().stream().filter(f -> f.hasSpikes()).count());
        assertEquals(8, c.frames().stream().filter(f -> f.hasMetric()).count());
        assertEquals(5, c.frames().get(c.frames().size() - 1).getStep());

        // Later calls get the same failure instead of hanging.
        assertThrows(Exception.class, () -> sim.advance(1).toCompletableFuture().join());
        assertThrows(Exception.class, () -> sim.finish().toCompletableFuture().join());
    }

    @Test
    void aModelThatCannotBeCreatedEndsTheRunBeforeAnyStep() throws Exception {
        Path trace = dir.resolve("refused.trace");
        Simulation sim = Simulation.start(testKit.system(), network(-1), RecordingSpec.none(),
                TraceFileWriter.create(trace), new RunInfo("f", "", null));
        SimulationFailedException e = assertThrows(SimulationFailedException.class, () -> sim.runToEnd(10));
        assertTrue(e.getMessage().contains("while being created"), e.getMessage());
        assertTrue(e.getMessage().contains("refusing to start (test)"), e.getMessage());
        Footer footer = TraceReader.readAll(trace).footer().orElseThrow();
        assertEquals(Footer.Status.FAILED, footer.getStatus());
        assertEquals(0, footer.getStepsCompleted());
    }

    @Test
    void anExistingTraceIsNeverOverwritten() throws Exception {
        Path trace = dir.resolve("kept.trace");
        Files.writeString(trace, "precious");
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> TraceFileWriter.create(trace));
        assertEquals("precious", Files.readString(trace));
    }
}
