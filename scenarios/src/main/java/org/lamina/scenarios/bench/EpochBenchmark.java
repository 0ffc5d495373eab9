package org.lamina.scenarios.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.neurons.krotov.KrotovLayer;
import org.lamina.neurons.softhebb.SoftHebbLayer;
import org.lamina.scenarios.data.Dataset;
import org.lamina.scenarios.data.DatasetInput;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.data.Normalisation;
import org.lamina.scenarios.data.Split;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.Services;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.trace.TraceSink;

/**
 * {@code lamina bench epoch}: the unsupervised phase on MNIST for a fixed number of minibatches,
 * end to end through the engine (a {@code dataset-input} population presenting shuffled
 * minibatches, one per step, to a learning layer; tracing off) and, on the same minibatches, the
 * rule's kernel alone in a plain loop. Prints s per 60,000-example epoch, examples/s, the forward
 * product's GFLOP/s and the engine's overhead over the kernel (actors, messages, input copying).
 */
public final class EpochBenchmark {

    /** Which learning layer. */
    public enum Rule { KROTOV, SOFTHEBB }

    /** One measurement: median seconds for {@code batches} minibatches through the engine and the kernel alone. */
    public record Result(Rule rule, int hidden, int batch, int batches, double engineSeconds, double kernelSeconds) {
        double epochSeconds(double seconds) {
            return seconds / batches * (60_000.0 / batch);
        }

        double gflops(double seconds) {
            return 2.0 * hidden * 784 * batch * batches / seconds / 1e9;
        }

        double overhead() {
            return engineSeconds / kernelSeconds - 1;
        }
    }

    private EpochBenchmark() {
    }

    public static Result run(Rule rule, int hidden, int batch, int batches, int repeats, BackendSelection backend,
                             int threads) throws IOException {
        Dataset train = Normalisation.DIVIDE_255.fit(Datasets.load("mnist", Split.TRAIN))
                .apply(Datasets.load("mnist", Split.TRAIN));
        List<Double> engine = new ArrayList<>();
        List<Double> kernel = new ArrayList<>();
        for (int r = 0; r < repeats + 1; r++) { // the first of each is warm-up
            double k = kernelAlone(rule, hidden, batch, batches, train, backend);
            double e = throughEngine(rule, hidden, batch, batches, train, backend, threads);
            if (r > 0) {
                kernel.add(k);
                engine.add(e);
            }
        }
        return new Result(rule, hidden, batch, batches, EngineBenchmark.median(engine), EngineBenchmark.median(kernel));
    }

    private static ModelDescriptor layer(Rule rule, int epochs) {
        return rule == Rule.KROTOV ? new KrotovLayer(3, 7, 0.4, 0.04, epochs, 60_000, "unsupervised", 100,
                KrotovLayer.Features.POWER_RELU, KrotovLayer.PAPER_READOUT_POWER, true) : SoftHebbLayer.mnistPreset();
    }

    /** Seconds for the engine to present and learn {@code batches} minibatches (start-up excluded). */
    private static double throughEngine(Rule rule, int hidden, int batch, int batches, Dataset train,
                                        BackendSelection backend, int threads) {
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("image", 784, batch, new DatasetInput(train, 1, true)),
                new PopulationSpec("hidden", hidden, batch, layer(rule, 100))),
                List.of(new ProjectionSpec("image", "hidden", 1, WeightInit.normal(0, 1))), 1.0, 1);
        ActorSystem<Void> system = Engine.actorSystem("bench", threads);
        try {
            Simulation sim = Simulation.start(system, net, RecordingSpec.none(), TraceSink.NONE,
                    new RunInfo("bench-epoch", "", null), Services.of(backend));
            sim.markPhase("unsupervised", true);
            sim.advance(1).toCompletableFuture().join(); // the first minibatch is in flight
            long t0 = System.nanoTime();
            sim.advance(batches).toCompletableFuture().join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            sim.finish().toCompletableFuture().join();
            return seconds;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    /** Seconds for the rule alone on the same kind of minibatches (prepared beforehand). */
    private static double kernelAlone(Rule rule, int hidden, int batch, int batches, Dataset train,
                                      BackendSelection backend) {
        int pool = Math.min(batches, 64);
        float[][] x = new float[pool][batch * 784];
        for (int k = 0; k < pool; k++) {
            int[] idx = new int[batch];
            for (int b = 0; b < batch; b++) {
                idx[b] = (k * batch + b) % train.size();
            }
            train.copyBatch(idx, x[k]);
        }
        float[] w = PlasticityBenchmark.weights(hidden, 784, rule == Rule.KROTOV ? 1.0 : 35.0 / Math.sqrt(784));
        long t0;
        double checksum = 0;
        if (rule == Rule.KROTOV) {
            try (KrotovRule k = KrotovRule.create(new KrotovParams(3, 7, 0.4, 1e-30), backend)) {
                t0 = System.nanoTime();
                for (int s = 0; s < batches; s++) {
                    checksum += k.update(w, hidden, 784, x[s % pool], batch, 0.04);
                }
            }
        } else {
            SoftHebbLayer p = SoftHebbLayer.mnistPreset();
            try (SoftHebbRule k = SoftHebbRule.create(new SoftHebbParams(p.tInvert(), p.lr(), p.powerLr(), p.variant()),
                    backend)) {
                t0 = System.nanoTime();
                for (int s = 0; s < batches; s++) {
                    checksum += k.update(w, hidden, 784, x[s % pool], batch);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("the rule produced NaN");
        }
        return seconds;
    }

    public static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%s, %d hidden, batch %d, %d minibatches (median of the timed repeats):%n",
                r.rule().name().toLowerCase(Locale.ROOT), r.hidden(), r.batch(), r.batches());
        out.println("| path | s per 60,000-example epoch | examples/s | forward-product GFLOP/s |");
        out.println("|---|---|---|---|");
        for (String path : List.of("engine (actors, input population, tracing off)", "kernel alone")) {
            double s = path.startsWith("engine") ? r.engineSeconds() : r.kernelSeconds();
            out.printf(Locale.ROOT, "| %s | %.2f | %.0f | %.1f |%n", path, r.epochSeconds(s),
                    r.batch() * (double) r.batches() / s, r.gflops(s));
        }
        out.printf(Locale.ROOT, "engine overhead over the kernel: %.1f%%%n", 100 * r.overhead());
    }
}
