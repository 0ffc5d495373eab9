package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.PhaseLog;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.MemoryTraceSink;

/** Models learn of phase changes at the exact step, even mid-window and with windows granted ahead. */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class PhaseChangeTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @Test
    void everyPopulationIsToldAtTheStepThePhaseBegins() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("clock", 2, 1, new ScriptedSpikes(Map.of(0L, new int[] {0}))),
                new PopulationSpec("a", 1, 1, new PhaseLog()),
                new PopulationSpec("b", 1, 1, new PhaseLog())),
                List.of(new ProjectionSpec("clock", "a", 3, WeightInit.constant(0)),
                        new ProjectionSpec("a", "b", 4, WeightInit.constant(0))), 1.0, 1);
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation sim = Simulation.start(testKit.system(), net, RecordingSpec.none(), sink, new RunInfo("phases", "", null));
        sim.advance(7).toCompletableFuture().join();
        sim.markPhase("learn", true);
        sim.advance(5).toCompletableFuture().join();
        sim.markPhase("learn", false);
        sim.markPhase("test", true);
        sim.runToEnd(3);

        List<String> seen = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric()) {
                seen.add(r.getFrame().getMetric().getPopulation() + ":" + r.getFrame().getMetric().getName() + "@"
                        + r.getFrame().getStep());
            }
        }
        assertEquals(List.of("1:learn.begin@7", "2:learn.begin@7", "1:learn.end@12", "1:test.begin@12",
                "2:learn.end@12", "2:test.begin@12"), seen);
    }
}
