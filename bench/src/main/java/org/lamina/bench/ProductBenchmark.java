package org.lamina.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.product.JavaMatrixProduct;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.product.ReferenceMatrixProduct;
import org.lamina.sim.rng.CounterRng;

/**
 * {@code lamina bench products}: GFLOP/s of the batched product {@code W (rows × cols) · V^T} per
 * backend (2 flops per multiply-add), median of timed repeats after warm-up calls.
 */
public final class ProductBenchmark {
    private ProductBenchmark() {
    }

    public static double gflops(MatrixProduct p, int rows, int cols, int batch, int calls, int repeats) {
        float[] w = new float[rows * cols];
        float[] v = new float[batch * cols];
        CounterRng rng = CounterRng.stream(1, CounterRng.DATA, 1);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.normal(0, i);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.uniformFloat(1, i);
        }
        float[] out = new float[batch * rows];
        for (int i = 0; i < Math.max(2, calls / 5); i++) {
            p.multiply(w, rows, cols, v, batch, out);
        }
        List<Double> rates = new ArrayList<>();
        double checksum = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                p.multiply(w, rows, cols, v, batch, out);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            rates.add(2.0 * rows * cols * batch * calls / s / 1e9);
            checksum += out[r % out.length];
        }
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("product produced NaN");
        }
        return EngineBenchmark.median(rates);
    }

    public static void run(PrintStream out, int rows, int cols, int batch, int calls, int repeats) {
        out.printf("batched product W (%d x %d) . V^T (batch %d), median of %d x %d calls%n", rows, cols, batch, repeats, calls);
        out.println("| backend | device | GFLOP/s | ms per call |");
        out.println("|---|---|---|---|");
        double flops = 2.0 * rows * cols * batch;
        double ref = gflops(new ReferenceMatrixProduct(), rows, cols, batch, Math.max(1, calls / 20), 3);
        out.printf("| reference | 1 thread, double accumulation | %.2f | %.2f |%n", ref, flops / ref / 1e6);
        BackendSelection java = BackendSelection.select(BackendRequest.JAVA);
        try (MatrixProduct p = new JavaMatrixProduct()) {
            double g = gflops(p, rows, cols, batch, calls, repeats);
            out.printf("| java | %s | %.1f | %.3f |%n", java.deviceName(), g, flops / g / 1e6);
        }
        try {
            BackendSelection cl = BackendSelection.select(BackendRequest.OPENCL);
            try (MatrixProduct p = Kernels.of(cl).product()) {
                double g = gflops(p, rows, cols, batch, Math.max(1, calls / 4), repeats);
                out.printf("| opencl | %s | %.1f | %.3f |%n", cl.deviceName(), g, flops / g / 1e6);
            }
        } catch (BackendUnavailableException e) {
            out.println("| opencl | " + e.getMessage() + " | | |");
        }
    }
}
