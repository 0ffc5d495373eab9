package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.testing.Await;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceReader;

/** The trace is written as the run goes: a paused run's file already holds its frames. */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class StreamingTraceTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @TempDir
    Path dir;

    @Test
    void framesReachTheFileBeforeTheRunFinishes() throws Exception {
        Path trace = dir.resolve("live.trace");
        Simulation sim = Simulation.start(testKit.system(), DeterminismTest.network(5),
                new RecordingSpec(Set.of("a"), List.of(), List.of()), TraceFileWriter.create(trace),
                new RunInfo("live", "", null));
        sim.advance(30).toCompletableFuture().join();

        // No footer yet, but the periodic flush makes every frame of steps 0..29 readable.
        Await.until("frames of 30 steps flushed", Duration.ofSeconds(10), () -> lastFrameStep(trace) == 29);
        TraceReader.Contents partial = TraceReader.readAll(trace);
        assertTrue(partial.footer().isEmpty());
        assertTrue(partial.problem().isEmpty(), () -> partial.problem().get());

        sim.runToEnd(10);
        TraceReader.Contents done = TraceReader.readAll(trace);
        assertTrue(done.complete());
        assertEquals(40, done.footer().orElseThrow().getStepsCompleted());
    }

    @Test
    void anAdvanceCompletesOnlyWhenItsFramesAreInTheSink() {
        org.lamina.sim.trace.MemoryTraceSink sink = new org.lamina.sim.trace.MemoryTraceSink();
        Simulation sim = Simulation.start(testKit.system(), DeterminismTest.network(5), DeterminismTest.recording(), sink,
                new RunInfo("advance", "", null));
        long reached = 0;
        for (long n : new long[] {1, 7, 23, 64}) {
            reached = sim.advance(n).toCompletableFuture().join();
            // Every population spikes now and then: the sink holds frames of the last few steps.
            long last = -1;
            for (org.lamina.proto.TraceRecord r : sink.records()) {
                if (r.hasFrame()) {
                    last = Math.max(last, r.getFrame().getStep());
                }
            }
            assertEquals(reached - 1, last, "frames up to the step reached, after advancing to " + reached);
        }
        sim.finish().toCompletableFuture().join();
    }

    private static long lastFrameStep(Path trace) throws IOException {
        List<org.lamina.proto.Frame> frames = TraceReader.readAll(trace).frames();
        return frames.isEmpty() ? -1 : frames.get(frames.size() - 1).getStep();
    }
}
