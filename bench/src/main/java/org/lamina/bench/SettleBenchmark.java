package org.lamina.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.dynamics.ExactSteadyState;
import org.lamina.kernels.dynamics.InhibitionSettle;
import org.lamina.kernels.dynamics.SettleParams;
import org.lamina.sim.rng.CounterRng;

/**
 * {@code lamina bench settle}: the batched settle of the lateral-inhibition dynamics that a
 * Krotov layer learning from its dynamics runs per minibatch, on each backend: minibatches/s,
 * unit updates/s (one unit through one Euler step) and the memory traffic that implies against
 * the machine's streaming bandwidth measured in the same run; and the exact ReLU steady state
 * (no steps) for comparison. The currents are those of random unit-length inputs through
 * random weights, as in the first epoch of a run.
 */
public final class SettleBenchmark {
    /** Bytes one unit update moves if nothing stays in cache: h read twice (the rate sum, the update), I read, h written. */
    static final int BYTES_PER_UPDATE = 16;

    private SettleBenchmark() {
    }

    /** One backend's figures. */
    public record Result(String backend, double minibatchesPerSecond, double unitUpdatesPerSecond, double meanSteps) {
    }

    /** Currents {@code batch × units}: unit-length random inputs (784) through normal weights, as the layer sees them. */
    static float[] currents(int units, int batch) {
        int inputs = 784;
        CounterRng rng = CounterRng.stream(1, CounterRng.DATA, 7);
        float[] w = new float[units * inputs];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.normal(0, i);
        }
        float[] v = new float[inputs];
        float[] out = new float[batch * units];
        for (int b = 0; b < batch; b++) {
            double norm = 0;
            for (int j = 0; j < inputs; j++) {
                v[j] = (float) rng.uniform(0, w.length + (long) b * inputs + j);
                norm += v[j] * v[j];
            }
            for (int u = 0; u < units; u++) {
                double s = 0;
                for (int j = 0; j < inputs; j++) {
                    s += w[u * inputs + j] * v[j];
                }
                out[b * units + u] = (float) (s / Math.sqrt(norm));
            }
        }
        return out;
    }

    public static Result ode(Kernels kernels, SettleParams params, float[] currents, int units, int batch, int repeats) {
        float[] h = new float[batch * units];
        int[] steps = new int[batch];
        int[] settled = new int[batch];
        try (InhibitionSettle settle = kernels.settle(params)) {
            for (int i = 0; i < 3; i++) { // warm-up (JIT, device compile)
                settle.settle(currents, batch, units, h, steps, settled);
            }
            List<Double> times = new ArrayList<>();
            long updates = 0;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                settle.settle(currents, batch, units, h, steps, settled);
                times.add((System.nanoTime() - t0) / 1e9);
            }
            for (int b = 0; b < batch; b++) {
                updates += (long) steps[b] * units;
            }
            double t = EngineBenchmark.median(times);
            return new Result(settle.backend().label(), 1 / t, updates / t, (double) updates / units / batch);
        }
    }

    public static double exactMinibatchesPerSecond(SettleParams params, float[] currents, int units, int batch, int repeats) {
        float[] h = new float[batch * units];
        for (int i = 0; i < 3; i++) {
            ExactSteadyState.solve(currents, batch, units, params.inhibition(), h);
        }
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            ExactSteadyState.solve(currents, batch, units, params.inhibition(), h);
            times.add((System.nanoTime() - t0) / 1e9);
        }
        return 1 / EngineBenchmark.median(times);
    }

    /** Streaming copy bandwidth (bytes read + written per second) of a 256 MB array, median of {@code repeats}. */
    static double copyBandwidth(int repeats) {
        float[] a = new float[64 << 20];
        float[] b = new float[a.length];
        java.util.Arrays.fill(a, 1f);
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repeats + 1; r++) {
            long t0 = System.nanoTime();
            System.arraycopy(a, 0, b, 0, a.length);
            double t = (System.nanoTime() - t0) / 1e9;
            if (r > 0) {
                rates.add(2.0 * 4 * a.length / t);
            }
        }
        return EngineBenchmark.median(rates);
    }

    public static void run(PrintStream out, List<Kernels> backends, int units, int batch, double inhibition, int repeats) {
        SettleParams params = new SettleParams(inhibition, 10, 0.5, 1, "euler", 1e-3, 10_000);
        float[] currents = currents(units, batch);
        double bandwidth = copyBandwidth(repeats);
        out.printf("Settling N = %d units x B = %d examples, w_inh = %.2f, Euler dt/tau = %.2f, eps = %.0e; median of %d;"
                + " streaming copy bandwidth %.1f GB/s%n", units, batch, inhibition, params.dt() / params.tau(),
                params.eps(), repeats, bandwidth / 1e9);
        out.println("| settle | backend | minibatches/s | mean steps | unit updates/s | implied traffic | share of copy bandwidth |");
        out.println("|---|---|---|---|---|---|---|");
        for (Kernels k : backends) {
            Result r = ode(k, params, currents, units, batch, repeats);
            double traffic = r.unitUpdatesPerSecond() * BYTES_PER_UPDATE;
            out.printf("| ode | %s | %.1f | %.0f | %.2f G | %.1f GB/s | %.0f%% |%n", r.backend(), r.minibatchesPerSecond(),
                    r.meanSteps(), r.unitUpdatesPerSecond() / 1e9, traffic / 1e9, 100 * traffic / bandwidth);
        }
        out.printf("| exact | java | %.1f | 0 | - | - | - |%n", exactMinibatchesPerSecond(params, currents, units, batch,
                repeats));
    }
}
