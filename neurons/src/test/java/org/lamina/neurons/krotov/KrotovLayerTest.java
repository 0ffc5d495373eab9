package org.lamina.neurons.krotov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.neurons.input.PatternInput;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.trace.MemoryTraceSink;

/** The Krotov layer learns through the engine, and only during its learning phase. */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(60)
class KrotovLayerTest {

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @Test
    void weightsChangeOnlyWhileTheLearningPhaseRuns() {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("input", 25, 8, PatternInput.analog(1)),
                new PopulationSpec("hidden", 12, 8, new KrotovLayer(3, 3, 0.4, 0.05, 2, 400, "unsupervised", 10))),
                List.of(new ProjectionSpec("input", "hidden", 1, WeightInit.normal(0, 0.3))), 1.0, 5);
        MemoryTraceSink sink = new MemoryTraceSink();
        RecordingSpec rec = new RecordingSpec(java.util.Set.of(), List.of(),
                List.of(new RecordingSpec.WeightProbe("input", "hidden", 1)));
        Simulation sim = Simulation.start(testKit.system(), net, rec, sink, new RunInfo("krotov", "", null));
        sim.markPhase("warm-up", true);
        sim.advance(20).toCompletableFuture().join();
        sim.markPhase("warm-up", false);
        sim.markPhase("unsupervised", true);
        sim.advance(100).toCompletableFuture().join();
        sim.markPhase("unsupervised", false);
        sim.runToEnd(20);

        List<float[]> snapshots = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        List<Double> eps = new ArrayList<>();
        List<Double> everWon = new ArrayList<>();
        for (TraceRecord r : sink.records()) {
            Frame f = r.getFrame();
            if (f.hasWeights()) {
                float[] w = new float[f.getWeights().getValuesCount()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = f.getWeights().getValues(i);
                }
                snapshots.add(w);
                steps.add(f.getStep());
            } else if (f.hasMetric() && f.getMetric().getName().equals("eps")) {
                eps.add(f.getMetric().getValue());
            } else if (f.hasMetric() && f.getMetric().getName().equals("units_ever_won")) {
                everWon.add(f.getMetric().getValue());
            }
        }
        assertEquals(140, snapshots.size());
        for (int s = 1; s < snapshots.size(); s++) {
            boolean changed = !Arrays.equals(snapshots.get(s - 1), snapshots.get(s));
            boolean inPhase = steps.get(s) >= 20 && steps.get(s) < 120;
            assertEquals(inPhase, changed, "step " + steps.get(s));
        }
        assertEquals(100, eps.size(), "one update per minibatch of the phase");
        assertEquals(0.05, eps.get(0), 1e-12);
        assertEquals(0.05 * 0.5, eps.get(99), 1e-12, "the second epoch (400 examples = 50 minibatches) anneals");
        assertEquals(10, everWon.size());
        assertTrue(everWon.get(9) >= everWon.get(0) && everWon.get(9) <= 12);
        assertFalse(everWon.isEmpty());
    }
}
