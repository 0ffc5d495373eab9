package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.engine.PopulationActor.Deliver;
import org.lamina.sim.engine.PopulationActor.Grant;
import org.lamina.sim.engine.PopulationActor.PhaseChange;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.Delivery;
import org.lamina.sim.event.Emission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ArrivalLog;
import org.lamina.sim.testing.FailAtStep;
import org.lamina.sim.testing.PhaseLog;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.TraceFrame;

/**
 * {@link PopulationActor} driven message by message: probes stand in for the coordinator and
 * for the downstream population, and the test plays the upstream populations by sending
 * {@link Deliver}s itself.
 *
 * <p>The population under test, {@code echo}, has two incoming projections, 0 (delay 4) and
 * 1 (delay 5), and one outgoing, 2; the window is 4 steps. Its model emits, each step that
 * has arrivals, one dense value per arrival in the order it was handed them
 * ({@code 1000 · projection + source step}), and a metric {@code step} every step, so the
 * probes see which steps ran and in which order inputs were consumed.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class PopulationActorProtocolTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    /** Long enough for a message already sent to arrive; nothing here waits on real work. */
    private static final Duration QUIET = Duration.ofMillis(150);

    private static final int ECHO = 2;
    private static final int OUT = 2;

    private final TestProbe<Coordinator.Command> coordinator = testKit.createTestProbe(Coordinator.Command.class);
    private final TestProbe<PopulationActor.Command> downstream = testKit.createTestProbe(PopulationActor.Command.class);

    /** a →(0, delay 4) echo, b →(1, delay 5) echo, echo →(2, delay 4) down. */
    private static Plan echoPlan() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("a", 1, 1, new ScriptedSpikes(Map.of())),
                new PopulationSpec("b", 1, 1, new ScriptedSpikes(Map.of())),
                new PopulationSpec("echo", 1, 1, new OrderEcho()),
                new PopulationSpec("down", 1, 1, new ArrivalLog())), List.of(
                new ProjectionSpec("a", "echo", 4, WeightInit.constant(1)),
                new ProjectionSpec("b", "echo", 5, WeightInit.constant(1)),
                new ProjectionSpec("echo", "down", 4, WeightInit.constant(1))), 1.0, 1);
        Plan plan = Plan.of(net, RecordingSpec.none(), null);
        assertEquals(4, plan.windowSteps());
        return plan;
    }

    private ActorRef<PopulationActor.Command> spawnEcho() {
        return spawn(echoPlan().populations().get(ECHO), OUT);
    }

    /** Spawns a population as the coordinator does, wired to {@link #downstream} over {@code outgoing}. */
    private ActorRef<PopulationActor.Command> spawn(PopulationActor.Setup setup, int outgoing) {
        ActorRef<PopulationActor.Command> ref = testKit.spawn(PopulationActor.create(setup, coordinator.ref()));
        ref.tell(new PopulationActor.Wire(List.of(new PopulationActor.Outgoing(outgoing, downstream.ref()))));
        return ref;
    }

    private static Grant grant(long window) {
        return new Grant(window, 4 * window, 4);
    }

    /** What source projection {@code projection} emitted in window {@code window}: one dense value per step. */
    private static Deliver deliver(int projection, long window, long... steps) {
        List<Emission> emissions = new ArrayList<>();
        for (long s : steps) {
            emissions.add(new DenseEmission(s, 1, 1, new float[] {s}));
        }
        return new Deliver(new Delivery(projection, window, 4 * (window + 1), emissions));
    }

    /** What echo emits at {@code step} when handed {@code arrivals} = (projection, source step) pairs, in order. */
    private static DenseEmission echoed(long step, int... arrivals) {
        float[] v = new float[arrivals.length / 2];
        for (int k = 0; k < v.length; k++) {
            v[k] = 1000f * arrivals[2 * k] + arrivals[2 * k + 1];
        }
        return new DenseEmission(step, 1, v.length, v);
    }

    /**
     * Window {@code window} ran once: exactly one Deliver on the outgoing projection carrying
     * {@code emitted}, and a WindowDone whose frames show each of its steps stepped once.
     */
    private void expectWindow(long window, Emission... emitted) {
        long first = 4 * window;
        downstream.expectMessage(new Deliver(new Delivery(OUT, window, first + 4, List.of(emitted))));
        Coordinator.WindowDone done = coordinator.expectMessageClass(Coordinator.WindowDone.class);
        assertEquals(ECHO, done.population());
        assertEquals(window, done.window());
        assertEquals(0, done.spikeEvents());
        List<TraceFrame> steps = new ArrayList<>();
        for (long s = first; s < first + 4; s++) {
            steps.add(new TraceFrame.Metric("step", s, s, ECHO));
        }
        assertEquals(steps, done.frames());
    }

    private void expectQuiet() {
        coordinator.expectNoMessage(QUIET);
        downstream.expectNoMessage(Duration.ZERO);
    }

    private void expectFailed(ActorRef<PopulationActor.Command> population, int id, String name, long step,
                              String causeContains) {
        Coordinator.PopulationFailed f = coordinator.expectMessageClass(Coordinator.PopulationFailed.class);
        assertEquals(id, f.population());
        assertEquals(name, f.name());
        assertEquals(step, f.step());
        assertTrue(f.cause().contains(causeContains), f.cause());
        coordinator.expectTerminated(population);
        coordinator.expectNoMessage(Duration.ZERO);
        downstream.expectNoMessage(Duration.ZERO);
    }

    @Test
    void aGrantWaitsUntilEveryIncomingProjectionHasDeliveredUpToTheWindowsEnd() {
        ActorRef<PopulationActor.Command> echo = spawnEcho();
        // Window 0 (steps 0..3) needs nothing: every delay is at least 4.
        echo.tell(grant(0));
        expectWindow(0);

        // Window 1 (steps 4..7) needs projection 0 up to step 4 and projection 1 up to step 3.
        echo.tell(grant(1));
        expectQuiet();
        echo.tell(deliver(1, 0, 0)); // b emitted at 0: arrives at 5
        expectQuiet();
        echo.tell(deliver(0, 0, 1)); // a emitted at 1: arrives at 5
        expectWindow(1, echoed(5, 0, 1, 1, 0));
        expectQuiet();
    }

    @Test
    void windowsGrantedAheadRunInOrderAsTheirInputsComplete() {
        ActorRef<PopulationActor.Command> echo = spawnEcho();
        echo.tell(grant(0));
        echo.tell(grant(1));
        echo.tell(grant(2));
        expectWindow(0);
        expectQuiet();

        echo.tell(deliver(0, 0));
        expectQuiet();
        echo.tell(deliver(1, 0, 3)); // arrives at 8, in window 2
        expectWindow(1);
        expectQuiet();

        echo.tell(deliver(1, 1, 4)); // arrives at 9
        expectQuiet();
        echo.tell(deliver(0, 1, 4, 7)); // arrive at 8 and 11
        expectWindow(2, echoed(8, 0, 4, 1, 3), echoed(9, 1, 4), echoed(11, 0, 7));
        expectQuiet();
    }

    /**
     * The same deliveries in order, all before the grants (the second projection's first), and
     * interleaved with the grants: consumed in projection-id order every time, so echo emits
     * the same values in each case.
     */
    @Test
    void earlyAndOutOfOrderDeliveriesAreConsumedAsInOrder() {
        Deliver a0 = deliver(0, 0, 1, 2);
        Deliver a1 = deliver(0, 1, 4, 5);
        Deliver b0 = deliver(1, 0, 0, 1);
        Deliver b1 = deliver(1, 1, 4);
        List<List<PopulationActor.Command>> orders = List.of(
                List.of(grant(0), grant(1), grant(2), a0, b0, a1, b1),
                List.of(b0, b1, a0, a1, grant(0), grant(1), grant(2)),
                List.of(b0, grant(0), b1, grant(1), grant(2), a0, a1));
        for (List<PopulationActor.Command> order : orders) {
            ActorRef<PopulationActor.Command> echo = spawnEcho();
            order.forEach(echo::tell);
            expectWindow(0);
            expectWindow(1, echoed(5, 0, 1, 1, 0), echoed(6, 0, 2, 1, 1));
            expectWindow(2, echoed(8, 0, 4), echoed(9, 0, 5, 1, 4));
            expectQuiet();
            testKit.stop(echo);
        }
    }

    @Test
    void aDuplicateGrantForAWindowAlreadyRunIsReportedNotSteppedAgain() {
        ActorRef<PopulationActor.Command> echo = spawnEcho();
        echo.tell(grant(0));
        expectWindow(0);
        echo.tell(grant(0));
        expectFailed(echo, ECHO, "echo", 0, "grant for window 0 does not follow window 0");
    }

    @Test
    void aDuplicateGrantForAQueuedWindowIsReported() {
        ActorRef<PopulationActor.Command> echo = spawnEcho();
        echo.tell(grant(0));
        echo.tell(grant(1)); // waits for inputs
        expectWindow(0);
        echo.tell(grant(1));
        expectFailed(echo, ECHO, "echo", 4, "grant for window 1 does not follow window 1");
    }

    @Test
    void aDuplicateDeliveryIsReportedNotCountedTwice() {
        ActorRef<PopulationActor.Command> echo = spawnEcho();
        echo.tell(grant(0));
        echo.tell(grant(1));
        expectWindow(0);
        echo.tell(deliver(0, 0, 1));
        echo.tell(deliver(0, 0, 1)); // window 1 has not run: counting it would double the arrival at 5
        expectFailed(echo, ECHO, "echo", 4, "projection 0");
    }

    @Test
    void aLateDeliveryForAWindowAlreadyRunIsReported() {
        ActorRef<PopulationActor.Command> echo = spawnEcho();
        echo.tell(grant(0));
        echo.tell(grant(1));
        echo.tell(deliver(0, 0, 1));
        echo.tell(deliver(1, 0, 0));
        expectWindow(0);
        expectWindow(1, echoed(5, 0, 1, 1, 0));
        echo.tell(deliver(1, 0, 0)); // its arrival step, 5, has been integrated
        expectFailed(echo, ECHO, "echo", 8, "projection 1");
    }

    @Test
    void aDeliveryWithAnEmissionAlreadyCoveredIsReported() {
        ActorRef<PopulationActor.Command> echo = spawnEcho();
        echo.tell(grant(0));
        echo.tell(grant(1));
        echo.tell(deliver(0, 0, 1));
        echo.tell(deliver(1, 0, 0));
        expectWindow(0);
        expectWindow(1, echoed(5, 0, 1, 1, 0));
        // Claims to cover steps 4..7 of projection 0 but carries step 2, which window 0 covered.
        echo.tell(new Deliver(new Delivery(0, 1, 8, List.of(new DenseEmission(2, 1, 1, new float[] {2})))));
        expectFailed(echo, ECHO, "echo", 8, "projection 0");
    }

    @Test
    void aThrowingModelReportsPopulationStepAndCauseThenStops() {
        Plan plan = failPlan(5);
        ActorRef<PopulationActor.Command> unstable = spawn(plan.populations().get(0), 0);
        unstable.tell(grant(0));
        unstable.tell(grant(1));
        List<Emission> spikes = new ArrayList<>();
        for (long s = 0; s < 4; s++) {
            spikes.add(new SpikeEmission(s, 2, new int[] {0, 1, 2}, new int[] {0, 0}));
        }
        downstream.expectMessage(new Deliver(new Delivery(0, 0, 4, spikes)));
        assertEquals(new Coordinator.WindowDone(0, 0, List.of(), 8),
                coordinator.expectMessageClass(Coordinator.WindowDone.class));
        expectFailed(unstable, 0, "unstable", 5, "ArithmeticException: diverged: h = NaN (test)");
    }

    @Test
    void aModelThatCannotBeCreatedReportsStepMinusOneThenStops() {
        Plan plan = failPlan(-1);
        ActorRef<PopulationActor.Command> unstable = spawn(plan.populations().get(0), 0);
        unstable.tell(grant(0));
        expectFailed(unstable, 0, "unstable", -1,
                "model 'fail-at-step' could not be created: java.lang.IllegalArgumentException: refusing to start (test)");
    }

    private static Plan failPlan(long failStep) {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("unstable", 1, 2, new FailAtStep(failStep)),
                new PopulationSpec("down", 1, 2, new ArrivalLog())),
                List.of(new ProjectionSpec("unstable", "down", 4, WeightInit.constant(1))), 1.0, 1);
        return Plan.of(net, RecordingSpec.none(), null);
    }

    /** Phase changes sent ahead of the grants are applied just before their own step, not earlier. */
    @Test
    void phaseChangesSentAheadApplyAtExactlyTheirStep() {
        NetworkSpec net = new NetworkSpec(List.of(new PopulationSpec("phased", 1, 1, new PhaseLog()),
                new PopulationSpec("down", 1, 1, new ArrivalLog())),
                List.of(new ProjectionSpec("phased", "down", 4, WeightInit.constant(1))), 1.0, 1);
        ActorRef<PopulationActor.Command> phased = spawn(Plan.of(net, RecordingSpec.none(), null).populations().get(0), 0);
        Phase train = Phase.fixed("train", PhaseKind.SUPERVISED);
        phased.tell(new PhaseChange(train, true, 4));
        phased.tell(new PhaseChange(train, false, 9));
        phased.tell(new PhaseChange(Phase.fixed("test", PhaseKind.TEST), true, 9));
        Consumer<List<TraceFrame>> window = frames -> {
            Coordinator.WindowDone d = coordinator.expectMessageClass(Coordinator.WindowDone.class);
            assertEquals(frames, d.frames());
            downstream.expectMessageClass(Deliver.class);
        };
        phased.tell(grant(0));
        window.accept(List.of());
        phased.tell(grant(1));
        phased.tell(grant(2));
        window.accept(List.of(new TraceFrame.Metric("train.begin", 4, 4, 0)));
        window.accept(List.of(new TraceFrame.Metric("train.end", 9, 9, 0), new TraceFrame.Metric("test.begin", 9, 9, 0)));
        coordinator.expectNoMessage(QUIET);
    }

    /** Emits one value per arrival, in the order handed over ({@code 1000 · projection + source step}); a metric per step. */
    private record OrderEcho() implements ModelDescriptor {
        @Override
        public String name() {
            return "order-echo";
        }

        @Override
        public SortedMap<String, String> params() {
            return new TreeMap<>();
        }

        @Override
        public List<String> stateVariables() {
            return List.of();
        }

        @Override
        public PopulationModel create(PopulationContext ctx) {
            return (step, inputs, out) -> {
                out.metric("step", step);
                List<StepInputs.Arrival> arrivals = inputs.arrivals();
                if (arrivals.isEmpty()) {
                    return;
                }
                float[] v = new float[arrivals.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = 1000f * arrivals.get(k).projection() + arrivals.get(k).emission().step();
                }
                out.dense(v, v.length);
            };
        }
    }
}
