package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ArrivalLog;
import org.lamina.sim.trace.MemoryTraceSink;

/** A dense emission's channel reaches every target unchanged, on every outgoing projection. */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class DenseChannelTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    /** Emits dense activity every step on channel {@code step % 3}. */
    record Channels() implements ModelDescriptor {
        @Override
        public String name() {
            return "channels";
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
            float[] v = new float[ctx.batch() * ctx.size()];
            return (step, inputs, out) -> out.dense(v, ctx.size(), (int) (step % 3));
        }
    }

    @Test
    void channelsArriveAsSent() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("source", 3, 2, new Channels()),
                new PopulationSpec("log", 1, 2, new ArrivalLog())),
                List.of(new ProjectionSpec("source", "log", 1, WeightInit.constant(0)),
                        new ProjectionSpec("source", "log", 2, WeightInit.constant(0))), 1.0, 3);
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation.start(testKit.system(), net, RecordingSpec.none(), sink, new RunInfo("channels", "", null))
                .runToEnd(12);
        for (int j = 0; j < 2; j++) {
            List<Long> got = new ArrayList<>();
            List<Long> expected = new ArrayList<>();
            for (TraceRecord r : sink.records()) {
                if (r.hasFrame() && r.getFrame().hasMetric()
                        && r.getFrame().getMetric().getName().equals("arrival.p" + j + ".channel")) {
                    got.add((long) r.getFrame().getMetric().getValue());
                    expected.add((r.getFrame().getStep() - 1 - j) % 3);
                }
            }
            assertEquals(11 - j, got.size());
            assertEquals(expected, got, "projection " + j);
        }
    }
}
