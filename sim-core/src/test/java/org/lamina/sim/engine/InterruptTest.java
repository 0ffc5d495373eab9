package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.sim.testing.Await;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceReader;

/**
 * {@link Simulation#interrupt} (what a signal asks for) stops a run at a window boundary with a
 * complete trace: every frame up to the step reached, then an INTERRUPTED footer.
 */
@Timeout(60)
class InterruptTest {

    @TempDir
    Path dir;

    private final ActorSystem<Void> system = Engine.actorSystem("interrupt", 2);

    @AfterEach
    void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    private Simulation start(Path trace) throws Exception {
        return Simulation.start(system, DeterminismTest.network(7), DeterminismTest.recording(),
                TraceFileWriter.create(trace), new RunInfo("interrupt", "", null));
    }

    @Test
    void anInterruptDuringALongAdvanceStopsAtAWindowBoundaryWithAnInterruptedFooter() throws Exception {
        Path trace = dir.resolve("interrupted.trace");
        Simulation sim = start(trace);
        CompletableFuture<Long> advance = sim.advance(100_000_000L).toCompletableFuture();
        // Let it run until some frames are on disk (flushed once a second), then interrupt.
        Await.until("frames written", Duration.ofSeconds(30), () -> TraceReader.readAll(trace).frames().size() > 10);
        sim.interrupt("SIGTERM (test)");

        CompletionException e = assertThrows(CompletionException.class, advance::join);
        SimulationInterruptedException i = assertInstanceOf(SimulationInterruptedException.class, e.getCause());
        assertTrue(i.getMessage().contains("SIGTERM (test)"), i.getMessage());
        assertTrue(i.step() > 0 && i.step() < 100_000_000L, "stopped early: " + i.step());
        assertEquals(0, i.step() % DeterminismTest.network(7).windowSteps(), "at a window boundary: " + i.step());

        TraceReader.Contents c = TraceReader.readAll(trace);
        assertTrue(c.complete(), () -> c.problem().orElse("no footer"));
        Footer f = c.footer().orElseThrow();
        assertEquals(Footer.Status.INTERRUPTED, f.getStatus());
        assertEquals("SIGTERM (test)", f.getError());
        assertEquals(i.step(), f.getStepsCompleted());
        assertEquals(c.frames().size(), f.getFrames());
        // Nothing from a window after the boundary, and the windows before it written in full.
        long lastStep = c.frames().stream().mapToLong(Frame::getStep).max().orElseThrow();
        assertTrue(lastStep < i.step() && lastStep >= i.step() - 2, lastStep + " in the last window before " + i.step());

        // Later calls get the same outcome rather than hanging.
        CompletionException again = assertThrows(CompletionException.class, () -> sim.advance(1).toCompletableFuture().join());
        assertInstanceOf(SimulationInterruptedException.class, again.getCause());
        CompletionException fin = assertThrows(CompletionException.class, () -> sim.finish().toCompletableFuture().join());
        assertInstanceOf(SimulationInterruptedException.class, fin.getCause());
    }

    @Test
    void anInterruptBetweenAdvancesClosesTheTraceAtOnce() throws Exception {
        Path trace = dir.resolve("between.trace");
        Simulation sim = start(trace);
        assertEquals(40L, sim.advance(40).toCompletableFuture().join());
        sim.interrupt("SIGINT (test)");
        SimulationInterruptedException i = assertThrows(SimulationInterruptedException.class, () -> sim.runToEnd(10));
        assertEquals(40, i.step());
        Footer f = TraceReader.readAll(trace).footer().orElseThrow();
        assertEquals(Footer.Status.INTERRUPTED, f.getStatus());
        assertEquals(40, f.getStepsCompleted());
    }
}
