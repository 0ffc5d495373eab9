package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.Services;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.trace.MemoryTraceSink;

/**
 * The run's services reach every population; a population given its own service of a type sees
 * that one instead, and only it; services for a population the network lacks are refused.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(30)
class PopulationServicesTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    /** A service the test looks up by type. */
    record Tag(double value) {
    }

    /** Another type, which no population overrides. */
    record Other(double value) {
    }

    /** Reports, at its first step, the {@link Tag} and {@link Other} it was given (NaN for none). */
    record ServiceLog() implements ModelDescriptor {
        @Override
        public String name() {
            return "service-log";
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
            double tag = ctx.services().find(Tag.class).map(Tag::value).orElse(Double.NaN);
            double other = ctx.services().find(Other.class).map(Other::value).orElse(Double.NaN);
            return new PopulationModel() {
                @Override
                public void step(long step, StepInputs inputs, Emitter out) {
                    if (step == 0) {
                        out.metric("tag", tag);
                        out.metric("other", other);
                    }
                }
            };
        }
    }

    private static NetworkSpec network() {
        return new NetworkSpec(List.of(new PopulationSpec("a", 1, 1, new ServiceLog()),
                new PopulationSpec("b", 1, 1, new ServiceLog()), new PopulationSpec("c", 1, 1, new ServiceLog())),
                List.of(), 1.0, 1);
    }

    @Test
    void aPopulationGivenItsOwnServiceSeesItAndTheOthersSeeTheRuns() {
        Services services = Services.of(new Tag(1), new Other(7)).withPopulation("b", new Tag(2));
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation.start(testKit.system(), network(), RecordingSpec.none(), sink, new RunInfo("services", "", null),
                services).runToEnd(1);
        Map<String, Double> seen = new TreeMap<>();
        for (TraceRecord r : sink.records()) {
            if (r.hasFrame() && r.getFrame().hasMetric()) {
                seen.put(r.getFrame().getMetric().getPopulation() + ":" + r.getFrame().getMetric().getName(),
                        r.getFrame().getMetric().getValue());
            }
        }
        assertEquals(Map.of("0:tag", 1.0, "1:tag", 2.0, "2:tag", 1.0, "0:other", 7.0, "1:other", 7.0, "2:other", 7.0),
                seen);
    }

    @Test
    void servicesForAPopulationTheNetworkLacksAreRefused() {
        Services services = Services.of(new Tag(1)).withPopulation("nobody", new Tag(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simulation.start(
                testKit.system(), network(), RecordingSpec.none(), new MemoryTraceSink(),
                new RunInfo("services", "", null), services));
        assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    }

    @Test
    void aPopulationIsGivenItsOwnServicesOnce() {
        Services services = Services.of(new Tag(1)).withPopulation("a", new Tag(2));
        assertThrows(IllegalArgumentException.class, () -> services.withPopulation("a", new Tag(3)));
        assertEquals(new Tag(2), services.forPopulation("a").find(Tag.class).orElseThrow());
        assertEquals(new Tag(1), services.forPopulation("b").find(Tag.class).orElseThrow());
        assertEquals(java.util.Set.of("a"), services.populationsWithOwnServices());
    }
}
