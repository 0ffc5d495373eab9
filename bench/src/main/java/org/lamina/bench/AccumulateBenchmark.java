package org.lamina.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.spikes.SpikeAccumulation;
import org.lamina.sim.rng.CounterRng;

/**
 * {@code lamina bench accumulate}: a hidden layer's input currents from spike-coded images, on
 * each backend: the sparse accumulation of the events ({@link SpikeAccumulation}) beside the
 * dense product {@code W · counts} ({@link MatrixProduct}) giving the same currents for the same
 * minibatch (its time includes counting the events). Images: a fraction of the pixels on (MNIST:
 * about 19%) with intensity uniform in (0, 1]; each pixel spikes per step with probability
 * {@code maxRate · intensity}, for presentations of T steps. Sparse GFLOP/s count the work the
 * kernel does, one multiply-add per unit per distinct spiking input of an example; dense ones
 * {@code 2 · units · inputs} per example. Loading the weights (once per weight change) is timed
 * apart.
 */
public final class AccumulateBenchmark {
    private AccumulateBenchmark() {
    }

    /** A minibatch's events for one presentation length. */
    record Workload(int steps, int[] offsets, int[] indices, long distinct) {
        int events(int batch) {
            return offsets[batch];
        }
    }

    static float[] intensities(int inputs, int batch, double onFraction) {
        CounterRng rng = CounterRng.stream(1, CounterRng.DATA, 21);
        float[] x = new float[batch * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(0, i) < onFraction ? (float) (1 - rng.uniform(1, i)) : 0f;
        }
        return x;
    }

    static Workload workload(float[] intensity, int inputs, int batch, int steps, double maxRate) {
        CounterRng rng = CounterRng.stream(1, CounterRng.DATA, 22 + steps);
        int[] offsets = new int[batch + 1];
        int[] indices = new int[1024];
        int n = 0;
        long distinct = 0;
        for (int b = 0; b < batch; b++) {
            boolean[] seen = new boolean[inputs];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < inputs; i++) {
                    float p = intensity[b * inputs + i];
                    if (p > 0 && rng.uniform(t, (long) b * inputs + i) < maxRate * p) {
                        if (n == indices.length) {
                            indices = java.util.Arrays.copyOf(indices, 2 * n);
                        }
                        indices[n++] = i;
                        distinct += seen[i] ? 0 : 1;
                        seen[i] = true;
                    }
                }
            }
            offsets[b + 1] = n;
        }
        return new Workload(steps, offsets, java.util.Arrays.copyOf(indices, n), distinct);
    }

    /** Median seconds per call of {@code call}: a warm-up, then repeats of as many calls as fill about 0.1 s. */
    static double secondsPerCall(Runnable call, int repeats) {
        for (int i = 0; i < 3; i++) {
            call.run();
        }
        long t0 = System.nanoTime();
        call.run();
        double once = (System.nanoTime() - t0) / 1e9;
        int calls = (int) Math.max(1, Math.min(200, 0.1 / Math.max(once, 1e-9)));
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long s = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                call.run();
            }
            times.add((System.nanoTime() - s) / 1e9 / calls);
        }
        return EngineBenchmark.median(times);
    }

    public static void run(PrintStream out, List<Kernels> backends, int units, int inputs, int batch, int[] stepsList,
                           double maxRate, double onFraction, int repeats) {
        CounterRng rng = CounterRng.stream(1, CounterRng.DATA, 20);
        float[] w = new float[units * inputs];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.normal(0, i);
        }
        float[] intensity = intensities(inputs, batch, onFraction);
        out.printf("Input currents of W %d x %d for batch %d from spike events: %.0f%% of pixels on, intensity U(0, 1],"
                + " spike probability per step %.2f x intensity; median of %d repeats%n", units, inputs, batch,
                100 * onFraction, maxRate, repeats);
        List<Workload> workloads = new ArrayList<>();
        for (int steps : stepsList) {
            workloads.add(workload(intensity, inputs, batch, steps, maxRate));
        }
        double sink = 0;
        out.println("| backend | loadWeights ms |");
        out.println("|---|---|");
        for (Kernels k : backends) {
            try (SpikeAccumulation acc = k.spikeAccumulation()) {
                double t = secondsPerCall(() -> acc.loadWeights(w, units, inputs), repeats);
                out.printf("| %s | %.2f |%n", acc.backend().label(), t * 1e3);
            }
        }
        out.println();
        out.println("| T | events/example | inputs spiking/example | backend | sparse ms | events/s | sparse GFLOP/s"
                + " | dense ms | dense GFLOP/s | dense / sparse time | max diff / max current |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Workload wl : workloads) {
            for (Kernels k : backends) {
                try (SpikeAccumulation acc = k.spikeAccumulation(); MatrixProduct product = k.product()) {
                    acc.loadWeights(w, units, inputs);
                    float[] sparse = new float[batch * units];
                    float[] dense = new float[batch * units];
                    float[] counts = new float[batch * inputs];
                    double ts = secondsPerCall(() -> acc.write(batch, wl.offsets(), wl.indices(), null, 1f, sparse),
                            repeats);
                    double td = secondsPerCall(() -> {
                        java.util.Arrays.fill(counts, 0f);
                        for (int b = 0; b < batch; b++) {
                            for (int q = wl.offsets()[b]; q < wl.offsets()[b + 1]; q++) {
                                counts[b * inputs + wl.indices()[q]] += 1f;
                            }
                        }
                        product.multiply(w, units, inputs, counts, batch, dense);
                    }, repeats);
                    double diff = 0;
                    double max = 0;
                    for (int i = 0; i < sparse.length; i++) {
                        diff = Math.max(diff, Math.abs(sparse[i] - dense[i]));
                        max = Math.max(max, Math.abs(dense[i]));
                    }
                    sink += sparse[0] + dense[0];
                    int events = wl.events(batch);
                    out.printf("| %d | %.0f | %.0f | %s | %.2f | %.1f M | %.1f | %.2f | %.1f | %.1f | %.0e |%n", wl.steps(),
                            (double) events / batch, (double) wl.distinct() / batch, acc.backend().label(), ts * 1e3,
                            events / ts / 1e6, 2.0 * units * wl.distinct() / ts / 1e9, td * 1e3,
                            2.0 * units * inputs * batch / td / 1e9, td / ts, diff / max);
                }
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("the currents are NaN");
        }
    }
}
