package org.lamina.sim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.NoisyIntegrator;
import org.lamina.sim.trace.TraceFileWriter;

/** Same seed ⇒ byte-identical trace, whatever the number of compute threads. */
@Timeout(60)
class DeterminismTest {

    @TempDir
    Path dir;

    /** Six populations, all-to-all with mixed delays (recurrent, converging inputs). */
    static NetworkSpec network(long seed) {
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        List<PopulationSpec> pops = names.stream()
                .map(n -> new PopulationSpec(n, 40, 3, new NoisyIntegrator(0.45))).toList();
        List<ProjectionSpec> projections = new java.util.ArrayList<>();
        int k = 0;
        for (String s : names) {
            for (String t : names) {
                projections.add(new ProjectionSpec(s, t, 2 + (k++ % 3), WeightInit.normal(0.0, 0.05)));
            }
        }
        return new NetworkSpec(pops, projections, 0.1, seed);
    }

    static RecordingSpec recording() {
        return new RecordingSpec(Set.of("a", "b", "c", "d", "e", "f"),
                List.of(new RecordingSpec.StateProbe("c", "x", new int[] {0, 5, 39}, 3)),
                List.of(new RecordingSpec.WeightProbe("a", "b", 50)));
    }

    private byte[] run(long seed, int threads, String file) throws Exception {
        ActorSystem<Void> system = Engine.actorSystem("det-" + threads, threads);
        try {
            Path trace = dir.resolve(file);
            Simulation sim = Simulation.start(system, network(seed), recording(), TraceFileWriter.create(trace),
                    new RunInfo("determinism", "seed=" + seed, null));
            Phase warmup = Phase.fixed("warmup", PhaseKind.RUN);
            sim.markPhase(warmup, true);
            sim.advance(60).toCompletableFuture().join();
            sim.markPhase(warmup, false);
            sim.runToEnd(140);
            return Files.readAllBytes(trace);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    @Test
    void oneThreadAndFourThreadsWriteTheSameBytes() throws Exception {
        byte[] one = run(42, 1, "one.trace");
        byte[] four = run(42, 4, "four.trace");
        byte[] fourAgain = run(42, 4, "four-again.trace");
        assertTrue(one.length > 10_000, "trace should hold real activity, got " + one.length + " bytes");
        assertArrayEquals(one, four);
        assertArrayEquals(four, fourAgain);
    }

    /** A run that fails mid-way leaves the same trace too: the failure waits for older windows. */
    @Test
    void aFailedRunLeavesTheSameTraceOnOneAndFourThreads() throws Exception {
        byte[][] traces = new byte[2][];
        int[] threads = {1, 4};
        for (int k = 0; k < 2; k++) {
            ActorSystem<Void> system = Engine.actorSystem("det-fail-" + threads[k], threads[k]);
            try {
                List<PopulationSpec> pops = new java.util.ArrayList<>(network(3).populations());
                pops.add(new PopulationSpec("unstable", 5, 3, new org.lamina.sim.testing.FailAtStep(77)));
                List<ProjectionSpec> projections = new java.util.ArrayList<>(network(3).projections());
                projections.add(new ProjectionSpec("unstable", "a", 2, WeightInit.constant(0.3)));
                NetworkSpec net = new NetworkSpec(pops, projections, 0.1, 3);
                Path trace = dir.resolve("fail-" + k + ".trace");
                Simulation sim = Simulation.start(system, net, recording(), TraceFileWriter.create(trace),
                        new RunInfo("determinism", "", null));
                org.junit.jupiter.api.Assertions.assertThrows(SimulationFailedException.class, () -> sim.runToEnd(200));
                traces[k] = Files.readAllBytes(trace);
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
        }
        assertArrayEquals(traces[0], traces[1]);
    }

    @Test
    void anotherSeedGivesAnotherTrace() throws Exception {
        byte[] a = run(1, 2, "s1.trace");
        byte[] b = run(2, 2, "s2.trace");
        assertFalse(java.util.Arrays.equals(a, b));
    }
}
