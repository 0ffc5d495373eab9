package org.lamina.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.plasticity.KrotovActivity;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.neurons.catalog.Models;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.layer.SpikePresentation;
import org.lamina.neurons.input.Split;
import org.lamina.neurons.krotov.KrotovLayer;
import org.lamina.neurons.softhebb.SoftHebbLayer;
import org.lamina.scenarios.data.Dataset;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.data.Normalisation;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PhaseKind;
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
 * minibatches, one per step, to a learning layer; tracing off) and, on the same kind of
 * minibatches, the rule's kernel alone in a plain loop. One simulation runs through all repeats, as
 * a real run's epochs follow one another; the timed repeats alternate between the two paths after
 * an untimed warm-up of each. Prints s per 60,000-example epoch, examples/s, the forward product's
 * GFLOP/s and the engine's overhead over the kernel (actors, messages, input copying).
 */
public final class EpochBenchmark {

    /** Which learning layer. */
    public enum Rule { KROTOV, SOFTHEBB }

    /**
     * Seconds for {@code batches} minibatches through the engine and through the kernel alone, one
     * entry per timed repeat (the two lists pair up: repeat r ran the kernel, then the engine).
     */
    public record Result(Rule rule, int hidden, int batch, int batches, List<Double> engine, List<Double> kernel) {
        double engineSeconds() {
            return EngineBenchmark.median(engine);
        }

        double kernelSeconds() {
            return EngineBenchmark.median(kernel);
        }

        double epochSeconds(double seconds) {
            return seconds / batches * (60_000.0 / batch);
        }

        double gflops(double seconds) {
            return 2.0 * hidden * 784 * batch * batches / seconds / 1e9;
        }

        /**
         * The median over repeats of engine / kernel - 1. Each repeat times the two paths back to
         * back, so a slow spell of a shared machine mostly hits both halves of one ratio, where a
         * ratio of the two medians could pair a slow period with a quick one.
         */
        double overhead() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < engine.size(); i++) {
                ratios.add(engine.get(i) / kernel.get(i) - 1);
            }
            return EngineBenchmark.median(ratios);
        }
    }

    private EpochBenchmark() {
    }

    public static Result run(Rule rule, int hidden, int batch, int batches, int warmup, int repeats,
                             Kernels kernels, int threads, KrotovActivity activity) throws IOException {
        return run(rule, hidden, batch, batches, warmup, repeats, kernels, threads, activity,
                DatasetInput.Encoding.ANALOG, 1);
    }

    /**
     * As above with the images sent as {@code encoding} spikes over {@code steps} steps per
     * minibatch (a Krotov layer accumulating its currents spike by spike); the kernel-alone path
     * stays the rule on dense minibatches, so the overhead then includes the spikes' cost.
     */
    public static Result run(Rule rule, int hidden, int batch, int batches, int warmup, int repeats,
                             Kernels kernels, int threads, KrotovActivity activity, DatasetInput.Encoding encoding,
                             int steps) throws IOException {
        Dataset train = Normalisation.DIVIDE_255.fit(Datasets.load("mnist", Split.TRAIN))
                .apply(Datasets.load("mnist", Split.TRAIN));
        boolean spikes = encoding != DatasetInput.Encoding.ANALOG;
        if (spikes && rule != Rule.KROTOV) {
            throw new IllegalArgumentException("only the krotov rule learns from spikes");
        }
        ModelDescriptor layer = layer(rule, 100, activity);
        DatasetInput input = new DatasetInput(train, spikes ? steps : 1, true);
        if (spikes) {
            input = input.withEncoding(encoding, steps);
            layer = ((KrotovLayer) layer).withSpikes(new SpikePresentation(steps, steps));
        }
        int stepsPerBatch = spikes ? steps : 1;
        NetworkSpec net = new NetworkSpec(List.of(
                new PopulationSpec("image", 784, batch, input),
                new PopulationSpec("hidden", hidden, batch, layer)),
                List.of(new ProjectionSpec("image", "hidden", 1, WeightInit.normal(0, 1), Models.of(layer).plasticity(layer))),
                1.0, 1);
        List<Double> engine = new ArrayList<>();
        List<Double> kernel = new ArrayList<>();
        ActorSystem<Void> system = Engine.actorSystem("bench", threads);
        try (KernelLoop alone = new KernelLoop(rule, hidden, batch, batches, train, kernels, activity)) {
            Simulation sim = Simulation.start(system, net, RecordingSpec.none(), TraceSink.NONE,
                    new RunInfo("bench-epoch", "", null), Services.of(kernels));
            sim.markPhase(net.phase("unsupervised", PhaseKind.UNSUPERVISED), true);
            // Both paths run untimed until the JIT has settled, as it has in a run of many epochs:
            // after only a few hundred minibatches engine code still ran in C1 and the C2
            // compiler thread took one of the two cores from the kernel now and then.
            alone.run(warmup);
            sim.advance(1 + (long) warmup * stepsPerBatch).toCompletableFuture().join();
            for (int r = 0; r < repeats; r++) { // interleaved, so a slow spell of the machine hits both
                kernel.add(alone.run(batches));
                long t0 = System.nanoTime();
                sim.advance((long) batches * stepsPerBatch).toCompletableFuture().join();
                engine.add((System.nanoTime() - t0) / 1e9);
            }
            sim.finish().toCompletableFuture().join();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
        return new Result(rule, hidden, batch, batches, List.copyOf(engine), List.copyOf(kernel));
    }

    private static ModelDescriptor layer(Rule rule, int epochs, KrotovActivity activity) {
        return rule == Rule.KROTOV ? new KrotovLayer(3, 7, 0.4, 0.04, epochs, 60_000, 100,
                KrotovLayer.Features.POWER_RELU, KrotovLayer.PAPER_READOUT_POWER, true, activity)
                : SoftHebbLayer.mnistPreset();
    }

    /** The rule alone in a plain loop on minibatches prepared beforehand, its weights kept between runs. */
    private static final class KernelLoop implements AutoCloseable {
        private final int hidden;
        private final int batch;
        private final float[][] x;
        private final float[] w;
        private final KrotovRule krotov;
        private final SoftHebbRule softHebb;

        KernelLoop(Rule rule, int hidden, int batch, int batches, Dataset train, Kernels kernels, KrotovActivity activity) {
            this.hidden = hidden;
            this.batch = batch;
            int pool = Math.min(batches, 64);
            x = new float[pool][batch * 784];
            for (int k = 0; k < pool; k++) {
                int[] idx = new int[batch];
                for (int b = 0; b < batch; b++) {
                    idx[b] = (k * batch + b) % train.size();
                }
                train.copyBatch(idx, x[k]);
            }
            w = PlasticityBenchmark.weights(hidden, 784, rule == Rule.KROTOV ? 1.0 : 35.0 / Math.sqrt(784));
            SoftHebbLayer p = SoftHebbLayer.mnistPreset();
            krotov = rule == Rule.KROTOV ? kernels.krotov(new KrotovParams(3, 7, 0.4, 1e-30), activity) : null;
            softHebb = rule == Rule.SOFTHEBB
                    ? kernels.softHebb(new SoftHebbParams(p.tInvert(), p.lr(), p.powerLr(), p.variant()))
                    : null;
        }

        /** Seconds for {@code batches} learning steps. */
        double run(int batches) {
            double checksum = 0;
            long t0 = System.nanoTime();
            for (int s = 0; s < batches; s++) {
                float[] minibatch = x[s % x.length];
                checksum += krotov != null ? krotov.update(w, hidden, 784, minibatch, batch, 0.04)
                        : softHebb.update(w, hidden, 784, minibatch, batch);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (Double.isNaN(checksum)) {
                throw new IllegalStateException("the rule produced NaN");
            }
            return seconds;
        }

        @Override
        public void close() {
            if (krotov != null) {
                krotov.close();
            }
            if (softHebb != null) {
                softHebb.close();
            }
        }
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
        out.printf(Locale.ROOT, "engine overhead over the kernel: %.1f%% (median of the repeats' engine/kernel ratios)%n",
                100 * r.overhead());
        StringBuilder each = new StringBuilder("each repeat, s per epoch engine / kernel:");
        for (int i = 0; i < r.engine().size(); i++) {
            each.append(String.format(Locale.ROOT, " %.2f/%.2f", r.epochSeconds(r.engine().get(i)),
                    r.epochSeconds(r.kernel().get(i))));
        }
        out.println(each);
    }
}
