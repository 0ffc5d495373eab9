package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.model.Services;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.MemoryTraceSink;
import org.lamina.sim.trace.TraceSink;

/**
 * Every wait of a caller on the engine ends: with the run's result, or with a diagnostic once
 * something it waits for cannot happen (a dispatcher that cannot start, a coordinator that
 * died, a trace sink that stalls). None of these may leave {@code advance} or {@code finish}
 * waiting for ever.
 */
@Timeout(30)
class BoundedWaitsTest {

    private static NetworkSpec network() {
        return new NetworkSpec(List.of(new PopulationSpec("clock", 2, 1, new ScriptedSpikes(Map.of(0L, new int[] {1})))),
                List.of(), 0.5, 1);
    }

    private static RunInfo info() {
        return new RunInfo("bounded", "", null);
    }

    private static ActorSystem<Void> system(Config config) {
        return ActorSystem.create(Behaviors.empty(), "bounded", config.withFallback(ConfigFactory.load()));
    }

    private static void stop(ActorSystem<Void> system) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    /** What `--threads 40000` used to do: the coordinator died spawning populations and the caller waited for ever. */
    @Test
    void aComputeDispatcherThatCannotStartIsAnErrorAtStart() {
        ActorSystem<Void> system = system(ConfigFactory.parseMap(Map.of(
                Engine.COMPUTE_DISPATCHER + ".fork-join-executor.parallelism-min", 40000,
                Engine.COMPUTE_DISPATCHER + ".fork-join-executor.parallelism-max", 40000)));
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Simulation.start(system, network(),
                    RecordingSpec.none(), new MemoryTraceSink(), info()));
            assertTrue(e.getMessage().contains("the dispatcher lamina.compute-dispatcher cannot start"), e.getMessage());
        } finally {
            stop(system);
        }
    }

    @Test
    void engineRefusesMoreComputeThreadsThanItsBound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Engine.config(Engine.MAX_COMPUTE_THREADS + 1));
        assertTrue(e.getMessage().contains("1..1024"), e.getMessage());
    }

    /** Any other death of the coordinator (here: it throws while spawning its populations) fails the caller at once. */
    @Test
    void aCoordinatorThatDiesFailsThePendingAndLaterCalls() {
        ActorSystem<Void> system = system(ConfigFactory.empty());
        try {
            Simulation sim = Simulation.start(system, network(), RecordingSpec.none(), new MemoryTraceSink(), info(),
                    Services.none(), (setup, coordinator) -> {
                        throw new IllegalArgumentException("cannot spawn (test)");
                    });
            CompletionException e = assertThrows(CompletionException.class,
                    () -> sim.advance(10).toCompletableFuture().join());
            SimulationFailedException f = assertInstanceOf(SimulationFailedException.class, e.getCause());
            assertTrue(f.getMessage().contains("coordinator stopped without replying"), f.getMessage());
            assertThrows(SimulationFailedException.class, () -> sim.runToEnd(1));
        } finally {
            stop(system);
        }
    }

    /** A sink that blocks (a stalled disk): the run fails after the window timeout, its trace without footer. */
    @Test
    void aStalledTraceSinkEndsTheRunAfterTheWindowTimeout() {
        ActorSystem<Void> system = system(ConfigFactory.parseString("lamina.engine.window-timeout = 1s"));
        CountDownLatch release = new CountDownLatch(1);
        TraceSink stalled = new TraceSink() {
            @Override
            public void write(TraceRecord record) {
                if (!record.hasHeader()) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try {
            Simulation sim = Simulation.start(system, network(), new RecordingSpec(java.util.Set.of("clock"), List.of(),
                    List.of()), stalled, info());
            SimulationFailedException e = assertThrows(SimulationFailedException.class, () -> sim.runToEnd(1000));
            assertTrue(e.getMessage().contains("acknowledged no write within 1s"), e.getMessage());
        } finally {
            release.countDown();
            stop(system);
        }
    }

    /** A sink whose close blocks: finishing fails after the window timeout instead of waiting for ever. */
    @Test
    void aTraceThatCannotBeClosedFailsTheFinish() throws IOException {
        ActorSystem<Void> system = system(ConfigFactory.parseString("lamina.engine.window-timeout = 1s"));
        CountDownLatch release = new CountDownLatch(1);
        TraceSink stuckOnClose = new TraceSink() {
            @Override
            public void write(TraceRecord record) {
                if (record.hasFooter()) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try {
            Simulation sim = Simulation.start(system, network(), RecordingSpec.none(), stuckOnClose, info());
            SimulationFailedException e = assertThrows(SimulationFailedException.class, () -> sim.runToEnd(10));
            assertTrue(e.getMessage().contains("did not close the trace within 1s"), e.getMessage());
        } finally {
            release.countDown();
            stop(system);
        }
    }
}
