package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.proto.Footer;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.engine.Coordinator.Advance;
import org.lamina.sim.engine.Coordinator.Advanced;
import org.lamina.sim.engine.Coordinator.Failed;
import org.lamina.sim.engine.Coordinator.WindowDone;
import org.lamina.sim.engine.PopulationActor.Grant;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ArrivalLog;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.MemoryTraceSink;
import org.lamina.sim.trace.TraceFrame;

/**
 * The {@link Coordinator} driven message by message: its two populations, {@code a} (id 0)
 * and {@code b} (id 1, fed by {@code a} with delay 4, so the window is 4 steps), are stand-ins
 * that forward what they are told to probes, and the test sends their {@link WindowDone}s.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class CoordinatorProtocolTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    private static final Duration QUIET = Duration.ofMillis(150);

    private final TestProbe<PopulationActor.Command> a = testKit.createTestProbe(PopulationActor.Command.class);
    private final TestProbe<PopulationActor.Command> b = testKit.createTestProbe(PopulationActor.Command.class);
    private final TestProbe<ActorRef<PopulationActor.Command>> spawned = testKit.createTestProbe();
    private final TestProbe<Coordinator.Outcome> reply = testKit.createTestProbe(Coordinator.Outcome.class);
    private final MemoryTraceSink sink = new MemoryTraceSink();
    private ActorRef<Coordinator.Command> coordinator;

    @BeforeEach
    void start() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("a", 1, 1, new ScriptedSpikes(Map.of())),
                new PopulationSpec("b", 1, 1, new ArrivalLog())),
                List.of(new ProjectionSpec("a", "b", 4, WeightInit.constant(1))), 1.0, 1);
        List<TestProbe<PopulationActor.Command>> probes = List.of(a, b);
        Coordinator.PopulationFactory standIns = (setup, coord) -> Behaviors.setup(ctx -> {
            spawned.ref().tell(ctx.getSelf());
            return Behaviors.receiveMessage(m -> {
                probes.get(setup.id()).ref().tell(m);
                return Behaviors.same();
            });
        });
        coordinator = testKit.spawn(Coordinator.create(Plan.of(net, RecordingSpec.none(), null), sink,
                TraceHeaders.build(net, new RunInfo("coordinator-protocol", "", null)),
                new Coordinator.Settings(Duration.ofMinutes(1), 4, 8), standIns));

        PopulationActor.Wire wire = a.expectMessageClass(PopulationActor.Wire.class);
        assertEquals(List.of(0), wire.outgoing().stream().map(PopulationActor.Outgoing::projection).toList());
        b.expectMessage(new PopulationActor.Wire(List.of()));

        coordinator.tell(new Advance(8, reply.ref()));
        for (TestProbe<PopulationActor.Command> p : probes) {
            p.expectMessage(new Grant(0, 0, 4));
            p.expectMessage(new Grant(1, 4, 4));
        }
    }

    private void done(int population, long window, long metricStep) {
        coordinator.tell(new WindowDone(population, window,
                List.of(new TraceFrame.Metric("m", metricStep, metricStep, population)), 0));
    }

    /** Windows reported out of order and by one population at a time complete only once both reported. */
    @Test
    void aWindowCompletesOnlyWhenEveryPopulationHasReportedIt() {
        done(0, 0, 2);
        reply.expectNoMessage(QUIET);
        done(1, 1, 5);
        reply.expectNoMessage(QUIET);
        done(0, 1, 6);
        reply.expectNoMessage(QUIET);
        done(1, 0, 1);
        reply.expectMessage(new Advanced(8));
        a.expectNoMessage(Duration.ZERO);
        b.expectNoMessage(Duration.ZERO);
        // Frames merged by step, then population, window by window.
        assertEquals(List.of(1L, 2L, 5L, 6L), sink.records().stream()
                .filter(r -> r.hasFrame() && r.getFrame().hasMetric()).map(r -> r.getFrame().getStep()).toList());
    }

    @Test
    void aRepeatedWindowDoneWhileTheWindowIsOpenEndsTheRunInsteadOfCompletingIt() {
        done(0, 0, 2);
        done(0, 0, 2);
        expectRunFailed(new Failed("population a reported window 0 unexpectedly", "a", 0));
    }

    @Test
    void aRepeatedWindowDoneAfterTheWindowCompletedEndsTheRun() {
        done(0, 0, 2);
        done(1, 0, 1);
        done(0, 0, 2);
        expectRunFailed(new Failed("population a reported window 0 unexpectedly", "a", 4));
    }

    /** An interrupt grants nothing more, lets the granted windows complete and be written, then closes the trace. */
    @Test
    void anInterruptEndsTheRunOnceTheGrantedWindowsHaveCompleted() {
        done(0, 0, 2);
        coordinator.tell(new Coordinator.Interrupt("SIGTERM (test)"));
        done(1, 0, 1);
        done(0, 1, 6);
        reply.expectNoMessage(QUIET); // window 1 is still open
        done(1, 1, 5);
        Coordinator.Interrupted i = reply.expectMessageClass(Coordinator.Interrupted.class);
        assertEquals(new Coordinator.Interrupted("SIGTERM (test)", 8, 4, 0), i);
        a.expectNoMessage(Duration.ZERO);
        TraceRecord last = sink.records().get(sink.records().size() - 1);
        assertEquals(Footer.Status.INTERRUPTED, last.getFooter().getStatus());
        assertEquals("SIGTERM (test)", last.getFooter().getError());
        assertEquals(8, last.getFooter().getStepsCompleted());
        assertEquals(4, last.getFooter().getFrames());
        // Later calls get the same outcome.
        coordinator.tell(new Advance(4, reply.ref()));
        reply.expectMessage(i);
        coordinator.tell(new Coordinator.Finish(reply.ref()));
        reply.expectMessage(i);
    }

    /** Between advances (nothing granted), the trace is closed at once and the next advance says why. */
    @Test
    void anInterruptBetweenAdvancesClosesAtOnce() {
        done(0, 0, 2);
        done(1, 0, 1);
        done(0, 1, 6);
        done(1, 1, 5);
        reply.expectMessage(new Advanced(8));
        coordinator.tell(new Coordinator.Interrupt("SIGINT (test)"));
        coordinator.tell(new Advance(4, reply.ref()));
        reply.expectMessage(new Coordinator.Interrupted("SIGINT (test)", 8, 4, 0));
        a.expectNoMessage(QUIET);
        assertEquals(Footer.Status.INTERRUPTED, sink.records().get(sink.records().size() - 1).getFooter().getStatus());
    }

    private void expectRunFailed(Failed expected) {
        reply.expectMessage(expected);
        spawned.expectTerminated(spawned.receiveMessage());
        spawned.expectTerminated(spawned.receiveMessage());
        a.expectNoMessage(Duration.ZERO);
        TraceRecord last = sink.records().get(sink.records().size() - 1);
        assertEquals(Footer.Status.FAILED, last.getFooter().getStatus());
        assertEquals(expected.diagnostic(), last.getFooter().getError());
    }
}
