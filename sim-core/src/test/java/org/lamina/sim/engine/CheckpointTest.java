package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.proto.EngineState;
import org.lamina.sim.codec.CheckpointCodec;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.Services;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.TraceFileWriter;

/**
 * A run saved between two advances, stopped, and resumed from the saved engine (through its
 * protobuf form, on another thread count) writes exactly the trace an uninterrupted run writes:
 * the emissions in flight across the checkpoint (delays of 2 to 4 steps), the model states and
 * the phases come back.
 */
@Timeout(120)
class CheckpointTest {

    @TempDir
    Path dir;

    static final RunInfo INFO = new RunInfo("checkpoint", "seed=7", null);
    static final Phase WARMUP = Phase.fixed("warmup", PhaseKind.RUN);

    /**
     * Steps {@code from..to} of the schedule: the warm-up phase over steps 0..59, then plain steps
     * up to 200; {@code beginWarmup} marks its begin at step 0 (not again on resuming from there).
     */
    private static void runFrom(Simulation sim, long from, long to, boolean beginWarmup) {
        if (beginWarmup) {
            sim.markPhase(WARMUP, true);
        }
        long at = from;
        if (at < 60 && to > at) {
            long n = Math.min(60, to) - at;
            sim.advance(n).toCompletableFuture().join();
            at += n;
        }
        if (at == 60 && to > 60) {
            sim.markPhase(WARMUP, false);
        }
        if (to > at) {
            sim.advance(to - at).toCompletableFuture().join();
        }
    }

    private byte[] uninterrupted() throws Exception {
        ActorSystem<Void> system = Engine.actorSystem("uninterrupted", 2);
        try {
            Path trace = dir.resolve("whole.trace");
            Simulation sim = Simulation.start(system, DeterminismTest.network(7), DeterminismTest.recording(),
                    TraceFileWriter.create(trace), INFO);
            runFrom(sim, 0, 200, true);
            sim.finish().toCompletableFuture().join();
            return Files.readAllBytes(trace);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    @ParameterizedTest(name = "saved at step {0}, resumed on {1} threads")
    @CsvSource({"0, 4", "30, 1", "60, 4", "97, 3"})
    void aResumedRunWritesTheTraceOfAnUninterruptedOne(long at, int threads) throws Exception {
        byte[] whole = uninterrupted();
        Path trace = dir.resolve("resumed.trace");
        byte[] saved;
        long bytes;
        long records;
        ActorSystem<Void> first = Engine.actorSystem("first", 1);
        try {
            TraceFileWriter writer = TraceFileWriter.create(trace);
            Simulation sim = Simulation.start(first, DeterminismTest.network(7), DeterminismTest.recording(), writer, INFO);
            runFrom(sim, 0, at, true);
            EngineCheckpoint c = sim.checkpoint().toCompletableFuture().join();
            assertEquals(at, c.step());
            writer.sync();
            bytes = writer.bytesWritten();
            records = writer.recordsWritten();
            saved = CheckpointCodec.toProto(c).toByteArray();
            if (at > 0) {
                assertTrue(c.populations().stream().anyMatch(p -> !p.pending().isEmpty()), "emissions in flight");
            }
            // The run goes on after a checkpoint (and then dies): what it wrote after it is cut off on resume.
            runFrom(sim, at, Math.min(200, at + 25), false);
        } finally {
            first.terminate();
            first.getWhenTerminated().toCompletableFuture().join();
        }
        ActorSystem<Void> second = Engine.actorSystem("second", threads);
        try {
            EngineCheckpoint c = CheckpointCodec.fromProto(EngineState.parseFrom(saved));
            Simulation sim = Simulation.resume(second, DeterminismTest.network(7), DeterminismTest.recording(),
                    TraceFileWriter.continueAt(trace, bytes, records), INFO, Services.none(), c);
            runFrom(sim, at, 200, false);
            Simulation.Summary s = sim.finish().toCompletableFuture().join();
            assertEquals(200, s.steps());
        } finally {
            second.terminate();
            second.getWhenTerminated().toCompletableFuture().join();
        }
        assertArrayEquals(whole, Files.readAllBytes(trace));
    }

    @Test
    void aModelThatCannotBeSavedIsNamedAndTheRunGoesOn() throws Exception {
        NetworkSpec net = new NetworkSpec(List.of(new PopulationSpec("src", 4, 1, new ScriptedSpikes(Map.of(1L,
                new int[] {2})))), List.<ProjectionSpec>of(), 1.0, 3);
        ActorSystem<Void> system = Engine.actorSystem("refused", 1);
        try {
            Simulation sim = Simulation.start(system, net, new RecordingSpec(java.util.Set.of("src"), List.of(), List.of()),
                    TraceFileWriter.create(dir.resolve("refused.trace")), INFO);
            sim.advance(3).toCompletableFuture().join();
            CompletionException e = assertThrows(CompletionException.class,
                    () -> sim.checkpoint().toCompletableFuture().join());
            IllegalStateException why = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(why.getMessage().contains("population src: model 'scripted-spikes' cannot be checkpointed"),
                    why.getMessage());
            assertEquals(5L, sim.advance(2).toCompletableFuture().join());
            assertEquals(5, sim.finish().toCompletableFuture().join().steps());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    @Test
    void theCheckpointsPopulationsMustBeTheNetworks() {
        EngineCheckpoint empty = new EngineCheckpoint(0, 0, 0, 0, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simulation.resume(null,
                DeterminismTest.network(7), DeterminismTest.recording(), null, INFO, Services.none(), empty));
        assertTrue(e.getMessage().contains("the checkpoint holds 0 populations, the network has 6"), e.getMessage());
    }
}
