package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ArrivalLog;
import org.lamina.sim.testing.ScriptedSpikes;
import org.lamina.sim.trace.MemoryTraceSink;

@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class DelayDeliveryTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    private static final long[] EMIT_STEPS = {0, 1, 3, 4, 10, 17, 29};

    /**
     * A source emits at known steps; three projections with different delays end at a logger,
     * which reports each arrival's step. Every emission must arrive at exactly t + d, once,
     * whatever the window (the minimum delay) and however the run is split into advances.
     */
    @ParameterizedTest(name = "delays {0},{1},{2}; advances of {3}")
    @CsvSource({"1,2,5,40", "3,4,7,40", "3,4,7,7", "2,2,9,5", "6,8,11,13"})
    void everyEmissionArrivesExactlyDelayStepsLater(int d0, int d1, int d2, int advance) {
        Map<Long, int[]> script = new TreeMap<>();
        for (long s : EMIT_STEPS) {
            script.put(s, new int[] {(int) s % 3, 3});
        }
        int[] delays = {d0, d1, d2};
        List<ProjectionSpec> projections = new ArrayList<>();
        for (int d : delays) {
            projections.add(new ProjectionSpec("source", "log", d, WeightInit.constant(1)));
        }
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("source", 4, 2, new ScriptedSpikes(script)),
                new PopulationSpec("log", 1, 2, new ArrivalLog())), projections, 1.0, 7);
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation sim = Simulation.start(testKit.system(), net, RecordingSpec.none(), sink,
                new RunInfo("delays", "", null));
        long total = 45;
        for (long done = 0; done < total; done += advance) {
            sim.advance(Math.min(advance, total - done)).toCompletableFuture().join();
        }
        sim.finish().toCompletableFuture().join();

        Map<String, List<String>> seen = new TreeMap<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric()) {
                Frame f = r.getFrame();
                String name = f.getMetric().getName();
                seen.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(f.getStep() + "<-" + (long) f.getMetric().getValue());
            }
        }
        for (int j = 0; j < delays.length; j++) {
            List<String> expected = new ArrayList<>();
            List<String> expectedEvents = new ArrayList<>();
            for (long s : EMIT_STEPS) {
                if (s + delays[j] < total) {
                    expected.add((s + delays[j]) + "<-" + s);
                    expectedEvents.add((s + delays[j]) + "<-4"); // 2 spikes x 2 examples
                }
            }
            assertEquals(expected, seen.getOrDefault("arrival.p" + j, List.of()), "projection " + j + " delay " + delays[j]);
            assertEquals(expectedEvents, seen.getOrDefault("arrival.p" + j + ".events", List.of()));
        }
        assertEquals(Math.min(d0, Math.min(d1, d2)), net.windowSteps());
    }
}
