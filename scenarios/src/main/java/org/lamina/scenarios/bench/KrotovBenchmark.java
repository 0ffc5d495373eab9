package org.lamina.scenarios.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.lamina.kernels.plasticity.JavaKrotovRule;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.plasticity.ReferenceKrotovRule;
import org.lamina.sim.rng.CounterRng;

/**
 * {@code lamina bench krotov}: one Krotov minibatch step (currents, ranking, sparse update) on a
 * {@code hidden × inputs} matrix, per backend; median ms per step and the implied epoch time for
 * 60,000 examples. Inputs are uniform like pixels / 255, weights N(0, 1) as in the paper.
 */
public final class KrotovBenchmark {
    private KrotovBenchmark() {
    }

    static double msPerStep(KrotovRule rule, int hidden, int inputs, int batch, int steps, int repeats) {
        CounterRng rng = CounterRng.stream(2, CounterRng.DATA, 0);
        float[] w = new float[hidden * inputs];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.normal(0, i);
        }
        int pool = 8;
        float[][] batches = new float[pool][batch * inputs];
        for (int k = 0; k < pool; k++) {
            for (int i = 0; i < batches[k].length; i++) {
                batches[k][i] = rng.uniformFloat(k + 1, i);
            }
        }
        for (int s = 0; s < Math.max(2, steps / 5); s++) {
            rule.update(w, hidden, inputs, batches[s % pool], batch, 0.01);
        }
        List<Double> ms = new ArrayList<>();
        double checksum = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                checksum += rule.update(w, hidden, inputs, batches[s % pool], batch, 0.01);
            }
            ms.add((System.nanoTime() - t0) / 1e6 / steps);
        }
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("Krotov step produced NaN");
        }
        return EngineBenchmark.median(ms);
    }

    public static void run(PrintStream out, int hidden, int inputs, int batch, int steps, int repeats) {
        KrotovParams params = KrotovParams.paper();
        out.printf("Krotov minibatch step, W %d x %d, batch %d, p = %s, k = %d, median of %d x %d steps%n",
                hidden, inputs, batch, params.p(), params.k(), repeats, steps);
        out.println("| backend | ms per step | s per 60,000-example epoch |");
        out.println("|---|---|---|");
        double epochSteps = 60_000.0 / batch;
        double ref = msPerStep(new ReferenceKrotovRule(params), hidden, inputs, batch, 1, 1);
        out.printf("| reference | %.0f | %.0f |%n", ref, ref * epochSteps / 1000);
        double java = msPerStep(new JavaKrotovRule(params), hidden, inputs, batch, steps, repeats);
        out.printf("| java | %.2f | %.2f |%n", java, java * epochSteps / 1000);
    }
}
