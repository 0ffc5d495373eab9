package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.PhaseLog;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.MemoryTraceSink;

/**
 * Models learn of phase changes at the exact step, even mid-window and with windows granted
 * ahead, and each learns whether the phase lets its incoming projections learn.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class PhaseChangeTest {
    /** A rule that learns in unsupervised phases; PhaseLog only reports whether it may. */
    private static final Plasticity HEBB = new Plasticity("hebb", PhaseKind.UNSUPERVISED);

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @Test
    void everyPopulationIsToldAtTheStepThePhaseBegins() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("clock", 2, 1, new ScriptedSpikes(Map.of(0L, new int[] {0}))),
                new PopulationSpec("a", 1, 1, new PhaseLog()),
                new PopulationSpec("b", 1, 1, new PhaseLog())),
                List.of(new ProjectionSpec("clock", "a", 3, WeightInit.constant(0), HEBB),
                        new ProjectionSpec("a", "b", 4, WeightInit.constant(0))), 1.0, 1);
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation sim = Simulation.start(testKit.system(), net, RecordingSpec.none(), sink, new RunInfo("phases", "", null));
        sim.advance(7).toCompletableFuture().join();
        Phase learn = net.phase("learn", PhaseKind.UNSUPERVISED); // clock -> a: its rule learns in such phases
        sim.markPhase(learn, true);
        sim.advance(5).toCompletableFuture().join();
        sim.markPhase(learn, false);
        sim.markPhase(net.phase("test", PhaseKind.TEST), true);
        sim.runToEnd(3);

        List<String> seen = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric()) {
                seen.add(r.getFrame().getMetric().getPopulation() + ":" + r.getFrame().getMetric().getName() + "@"
                        + r.getFrame().getStep());
            }
        }
        assertEquals(List.of("1:learn.begin+learns@7", "2:learn.begin@7", "1:learn.end+learns@12", "1:test.begin@12",
                "2:learn.end@12", "2:test.begin@12"), seen);
        List<String> markers = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasPhase()) {
                var m = r.getFrame().getPhase();
                markers.add(m.getPhase() + ":" + m.getKind() + ":" + m.getLearningList() + "@" + r.getFrame().getStep());
            }
        }
        assertEquals(List.of("learn:unsupervised:[0]@7", "learn:unsupervised:[0]@12", "test:test:[]@12"), markers);
    }

    @Test
    void aPhaseLearnsWhatItNamesAndOnlyProjectionsWithARule() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("clock", 2, 1, new PhaseLog()),
                new PopulationSpec("a", 1, 1, new PhaseLog()),
                new PopulationSpec("b", 1, 1, new PhaseLog())),
                List.of(new ProjectionSpec("clock", "a", 3, WeightInit.constant(0), HEBB),
                        new ProjectionSpec("a", "b", 4, WeightInit.constant(0)),
                        new ProjectionSpec("clock", "b", 1, WeightInit.constant(0), HEBB)), 1.0, 1);
        assertEquals(Set.of(0, 2), net.phase("p", PhaseKind.UNSUPERVISED).learning());
        assertEquals(Set.of(), net.phase("p", PhaseKind.READOUT).learning());
        assertEquals(Set.of(), net.phase("p", PhaseKind.TEST).learning());
        assertEquals(Set.of(2), net.phase("p", PhaseKind.READOUT, List.of("b")).learning(), "b: its plastic input only");
        assertEquals(Set.of(0), net.phase("p", PhaseKind.RUN, List.of("clock->a")).learning());
        IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class,
                () -> net.phase("p", PhaseKind.RUN, List.of("a -> b")));
        assertTrue(fixed.getMessage().contains("a -> b has no learning rule"), fixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.phase("p", PhaseKind.RUN, List.of("clock")),
                "clock has no projection into it");
        assertThrows(IllegalArgumentException.class, () -> net.phase("p", PhaseKind.RUN, List.of("nobody")));
        assertThrows(IllegalArgumentException.class, () -> new Phase("t", PhaseKind.TEST, new TreeSet<>(Set.of(0))),
                "nothing learns in a test phase");

        Simulation sim = Simulation.start(testKit.system(), net, RecordingSpec.none(), new MemoryTraceSink(),
                new RunInfo("phases", "", null));
        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                () -> sim.markPhase(new Phase("p", PhaseKind.RUN, new TreeSet<>(Set.of(1))), true));
        assertTrue(rejected.getMessage().contains("a -> b, which has no learning rule"), rejected.getMessage());
        sim.runToEnd(1);
    }
}
