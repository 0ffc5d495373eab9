package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ArrivalLog;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.MemoryTraceSink;
import org.lamina.sim.trace.TraceSink;

/**
 * With tracing off ({@link TraceSink#NONE}) the coordinator drops the populations' frames instead
 * of handing them to the recorder to encode and discard; the run itself is the same.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class TracingOffTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    private Simulation.Summary run(TraceSink sink) {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("source", 4, 1, new ScriptedSpikes(Map.of(0L, new int[] {1}, 5L, new int[] {2, 3},
                        9L, new int[] {0}))),
                new PopulationSpec("log", 1, 1, new ArrivalLog())),
                List.of(new ProjectionSpec("source", "log", 2, WeightInit.constant(1))), 1.0, 1);
        Simulation sim = Simulation.start(testKit.system(), net, RecordingSpec.none(), sink, new RunInfo("off", "", null));
        assertEquals(6L, sim.advance(6).toCompletableFuture().join());
        return sim.runToEnd(14);
    }

    @Test
    void framesAreDroppedAndTheRunIsUnchanged() {
        Simulation.Summary traced = run(new MemoryTraceSink());
        Simulation.Summary off = run(TraceSink.NONE);
        assertTrue(traced.frames() > 0, "the logger reports each arrival as a metric frame");
        assertEquals(0, off.frames(), "no frame reaches the recorder with tracing off");
        assertEquals(traced.steps(), off.steps());
        assertEquals(traced.spikeEvents(), off.spikeEvents());
    }
}
