package org.lamina.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.plasticity.JavaKrotovRule;
import org.lamina.kernels.plasticity.JavaSoftHebbRule;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.plasticity.ReferenceKrotovRule;
import org.lamina.kernels.plasticity.ReferenceSoftHebbRule;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.sim.rng.CounterRng;

/**
 * {@code lamina bench krotov} and {@code lamina bench softhebb}: one minibatch step of a
 * plasticity rule on a {@code hidden × inputs} matrix, per backend; median ms per step and the
 * implied time for a 60,000-example epoch. Inputs are uniform like pixels / 255. The OpenCL row
 * runs where there is an OpenCL device ({@code BackendSelection.select(OPENCL)}) and says why not
 * otherwise.
 */
public final class PlasticityBenchmark {
    private PlasticityBenchmark() {
    }

    /** One update of some rule on (w, x). */
    interface Step {
        double run(float[] w, float[] x);
    }

    /** {@code pool} minibatches of {@code batch × inputs} uniform values in [0, 1), like pixels / 255. */
    static float[][] inputs(int pool, int batch, int inputs) {
        CounterRng rng = CounterRng.stream(2, CounterRng.DATA, 0);
        float[][] batches = new float[pool][batch * inputs];
        for (int k = 0; k < pool; k++) {
            for (int i = 0; i < batches[k].length; i++) {
                batches[k][i] = rng.uniformFloat(k + 1, i);
            }
        }
        return batches;
    }

    static double msPerStep(Step step, float[] w, int inputs, int batch, int steps, int repeats) {
        int pool = 8;
        float[][] batches = inputs(pool, batch, inputs);
        for (int s = 0; s < Math.max(2, steps / 5); s++) {
            step.run(w, batches[s % pool]);
        }
        List<Double> ms = new ArrayList<>();
        double checksum = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                checksum += step.run(w, batches[s % pool]);
            }
            ms.add((System.nanoTime() - t0) / 1e6 / steps);
        }
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("the plasticity step produced NaN");
        }
        return EngineBenchmark.median(ms);
    }

    static float[] weights(int hidden, int inputs, double std) {
        CounterRng rng = CounterRng.stream(2, CounterRng.WEIGHT_INIT, 0);
        float[] w = new float[hidden * inputs];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (std * rng.normal(0, i));
        }
        return w;
    }

    /** A rule on the OpenCL backend, or why there is none. */
    interface OpenClStep {
        double msPerStep(BackendSelection opencl);
    }

    private static void table(PrintStream out, String title, int batch, double reference, double java, OpenClStep opencl) {
        double epochSteps = 60_000.0 / batch;
        out.println(title);
        out.println("| backend | ms per step | s per 60,000-example epoch |");
        out.println("|---|---|---|");
        out.printf("| reference | %.0f | %.0f |%n", reference, reference * epochSteps / 1000);
        out.printf("| java | %.2f | %.2f |%n", java, java * epochSteps / 1000);
        try {
            BackendSelection cl = BackendSelection.select(BackendRequest.OPENCL);
            double ms = opencl.msPerStep(cl);
            out.printf("| opencl (%s) | %.2f | %.2f |%n", cl.deviceName(), ms, ms * epochSteps / 1000);
        } catch (BackendUnavailableException e) {
            out.println("| opencl | unavailable: " + e.getMessage() + " | |");
        }
    }

    public static void krotov(PrintStream out, int hidden, int inputs, int batch, int steps, int repeats) {
        KrotovParams p = KrotovParams.paper();
        ReferenceKrotovRule ref = new ReferenceKrotovRule(p);
        JavaKrotovRule java = new JavaKrotovRule(p);
        double refMs = msPerStep((w, x) -> ref.update(w, hidden, inputs, x, batch, 0.01), weights(hidden, inputs, 1),
                inputs, batch, 1, 1);
        double javaMs = msPerStep((w, x) -> java.update(w, hidden, inputs, x, batch, 0.01), weights(hidden, inputs, 1),
                inputs, batch, steps, repeats);
        table(out, String.format("Krotov step, W %d x %d ~ N(0, 1), batch %d, p = %s, k = %d, median of %d x %d steps",
                hidden, inputs, batch, p.p(), p.k(), repeats, steps), batch, refMs, javaMs, cl -> {
                    try (KrotovRule rule = Kernels.of(cl).krotov(p)) {
                        return msPerStep((w, x) -> rule.update(w, hidden, inputs, x, batch, 0.01),
                                weights(hidden, inputs, 1), inputs, batch, steps, repeats);
                    }
                });
    }

    public static void softHebb(PrintStream out, int hidden, int inputs, int batch, int steps, int repeats) {
        SoftHebbParams p = SoftHebbParams.mnistPreset();
        ReferenceSoftHebbRule ref = new ReferenceSoftHebbRule(p);
        JavaSoftHebbRule java = new JavaSoftHebbRule(p);
        double std = 35.0 / Math.sqrt(inputs); // row norms about the preset's radius 35
        double refMs = msPerStep((w, x) -> ref.update(w, hidden, inputs, x, batch), weights(hidden, inputs, std),
                inputs, batch, 1, 1);
        double javaMs = msPerStep((w, x) -> java.update(w, hidden, inputs, x, batch), weights(hidden, inputs, std),
                inputs, batch, steps, repeats);
        table(out, String.format("SoftHebb step (anti-Hebbian, tInvert %s), W %d x %d, batch %d, median of %d x %d steps",
                p.tInvert(), hidden, inputs, batch, repeats, steps), batch, refMs, javaMs, cl -> {
                    try (SoftHebbRule rule = Kernels.of(cl).softHebb(p)) {
                        return msPerStep((w, x) -> rule.update(w, hidden, inputs, x, batch), weights(hidden, inputs, std),
                                inputs, batch, steps, repeats);
                    }
                });
    }
}
