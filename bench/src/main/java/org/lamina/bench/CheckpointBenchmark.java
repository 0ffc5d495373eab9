package org.lamina.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.proto.Checkpoint;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.scenarios.run.CheckpointFiles;
import org.lamina.scenarios.run.KernelChoice;
import org.lamina.scenarios.run.RunResume;
import org.lamina.scenarios.run.ScenarioResolver;
import org.lamina.sim.codec.CheckpointCodec;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.EngineCheckpoint;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.Phase;
import org.lamina.sim.trace.TraceSink;

/**
 * {@code lamina bench checkpoint}: what a checkpoint of the default run costs. The quickstart
 * scenario's network (2000-unit Krotov layer learning from its dynamics, readout, MNIST) runs
 * its unsupervised phase epoch by epoch with tracing off; after each epoch the engine is saved
 * ({@link Simulation#checkpoint}), encoded and written as a checkpoint file, each part timed.
 * Prints the medians, the file's size and the cost relative to an epoch.
 */
public final class CheckpointBenchmark {

    /** Seconds per epoch and per part of a checkpoint, one entry per epoch; the file's bytes. */
    public record Result(List<Double> epochs, List<Double> save, List<Double> encode, List<Double> write, long bytes) {
        double total() {
            return EngineBenchmark.median(save) + EngineBenchmark.median(encode) + EngineBenchmark.median(write);
        }

        double overhead() {
            return total() / EngineBenchmark.median(epochs);
        }
    }

    private CheckpointBenchmark() {
    }

    public static Result run(int epochs, String backend, int threads) throws IOException {
        ScenarioParser.Plan plan = ScenarioParser.planResource("examples/quickstart.conf", List.of("backend=" + backend));
        Scenario s = new ScenarioResolver((name, split, limit) -> Datasets.load(name, split, limit)).resolve(plan.base(),
                plan.locations());
        KernelChoice kernels = KernelChoice.parse(s.backend()).forScenario(s);
        Scenario.Phase unsupervised = s.schedule().get(0);
        List<Double> epochSeconds = new ArrayList<>();
        List<Double> save = new ArrayList<>();
        List<Double> encode = new ArrayList<>();
        List<Double> write = new ArrayList<>();
        long bytes = 0;
        Path dir = Files.createTempDirectory("lamina-bench-checkpoint");
        ActorSystem<Void> system = Engine.actorSystem("bench", threads);
        try {
            Simulation sim = Simulation.start(system, s.network(), s.recording(), TraceSink.NONE,
                    new RunInfo("bench-checkpoint", "", null), kernels.services());
            Phase phase = unsupervised.inEngine(sim.network());
            sim.markPhase(phase, true);
            for (int e = 0; e <= epochs; e++) { // epoch 0 warms up the JIT, untimed
                long t0 = System.nanoTime();
                sim.advance(unsupervised.epochSteps() + (e == 0 ? unsupervised.drainSteps() : 0))
                        .toCompletableFuture().join();
                long t1 = System.nanoTime();
                EngineCheckpoint c = sim.checkpoint().toCompletableFuture().join();
                long t2 = System.nanoTime();
                Checkpoint file = Checkpoint.newBuilder().setFormatVersion(RunResume.FORMAT_VERSION)
                        .setEngine(CheckpointCodec.toProto(c)).build();
                long t3 = System.nanoTime();
                Path written = CheckpointFiles.write(dir, file, 1);
                long t4 = System.nanoTime();
                bytes = Files.size(written);
                if (e > 0) {
                    epochSeconds.add((t1 - t0) / 1e9);
                    save.add((t2 - t1) / 1e9);
                    encode.add((t3 - t2) / 1e9);
                    write.add((t4 - t3) / 1e9);
                }
            }
            sim.markPhase(phase, false);
            sim.finish().toCompletableFuture().join();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            for (Path p : CheckpointFiles.list(dir)) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir.resolve(CheckpointFiles.FOLDER));
            Files.deleteIfExists(dir);
        }
        return new Result(epochSeconds, save, encode, write, bytes);
    }

    public static void print(PrintStream out, Result r) {
        out.printf(Locale.ROOT, "quickstart network (2000 x 784 Krotov layer, dynamics; readout 10 x 2000), %d epochs"
                + " timed%n", r.epochs().size());
        out.printf(Locale.ROOT, "epoch (unsupervised, tracing off): %.2f s%n", EngineBenchmark.median(r.epochs()));
        out.printf(Locale.ROOT, "checkpoint: %.1f MiB; engine save %.1f ms, encode %.1f ms, write + fsync %.1f ms;"
                        + " total %.1f ms = %.2f%% of an epoch%n", r.bytes() / 1048576.0,
                1e3 * EngineBenchmark.median(r.save()), 1e3 * EngineBenchmark.median(r.encode()),
                1e3 * EngineBenchmark.median(r.write()), 1e3 * r.total(), 100 * r.overhead());
    }
}
