package org.lamina.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.product.OpenClMatrixProduct;
import org.lamina.kernels.product.ReferenceMatrixProduct;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.OpenClCounterHebbRule;
import org.lamina.kernels.supervised.ReferenceCounterHebbRule;

/**
 * Stress for issue 19 (the OpenCL backend crashed the JVM now and then): several owners, each on
 * its own thread with its own OpenCL kernels (a product and a Counter-Hebb gradient, as a
 * population holds them), call them many times on fresh arrays (as every message brings its own)
 * while another thread keeps the garbage collector moving arrays. Every call must have run as
 * OpenCL and match the double-precision reference within the contract tests' bound.
 *
 * <p>Aparapi's default device buffers took the Java array's address as their storage
 * ({@code CL_MEM_USE_HOST_PTR}) and kept it after the JNI call that had pinned the array; once
 * the collector moved the array, reading the result copied from the old address: wrong numbers,
 * or a SIGSEGV in PoCL's copy that kills this JVM (and fails the build). {@code DeviceKernel} now
 * makes the device's buffers copies. Without that, this test failed in 5 of 5 tries (results of 0
 * or denormals read from the old addresses, within the first 750 calls; 2 cores, PoCL 3.1); with
 * it, it passes in 3 to 10 s, depending on the machine's load.
 */
@Tag("opencl")
@Timeout(180)
class OpenClStressTest {
    static final int OWNERS = 3;
    static final int CALLS = 1500;
    /** As in the contract tests: float32 sums stay within this of {@code sum |terms|}. */
    static final double BOUND = 1e-5;

    @Test
    void ownersOnSeveralThreadsGetExactResultsWhileTheCollectorMovesTheirArrays() throws Exception {
        Kernels opencl = Kernels.of(OpenClTestSupport.selection());
        ExecutorService threads = Executors.newFixedThreadPool(OWNERS);
        OpenClTestSupport.Pressure pressure = OpenClTestSupport.collectorPressure();
        try {
            List<Future<Integer>> owners = new ArrayList<>();
            for (int o = 0; o < OWNERS; o++) {
                int id = o;
                owners.add(threads.submit(() -> own(opencl, id)));
            }
            for (Future<Integer> owner : owners) {
                assertEquals(CALLS, owner.get());
            }
        } finally {
            pressure.close();
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** One owner's calls; returns how many it checked. */
    private static int own(Kernels kernels, int id) {
        Random r = new Random(100 + id);
        int rows = 24 + 7 * id;
        int cols = 40 + 5 * id;
        int batch = 16;
        ReferenceMatrixProduct referenceProduct = new ReferenceMatrixProduct();
        ReferenceCounterHebbRule referenceHebb = new ReferenceCounterHebbRule();
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        try (MatrixProduct product = kernels.product(); CounterHebbRule hebb = kernels.counterHebb()) {
            for (int call = 0; call < CALLS; call++) {
                String where = "owner " + id + ", call " + call;
                w[r.nextInt(w.length)] = (float) r.nextGaussian(); // the weights change between calls too
                float[] v = new float[batch * cols];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextFloat() - 0.5f;
                }
                float[] out = new float[batch * rows];
                float[] expected = new float[batch * rows];
                product.multiply(w, rows, cols, v, batch, out);
                assertTrue(((OpenClMatrixProduct) product).isRunningCL(), where);
                referenceProduct.multiply(w, rows, cols, v, batch, expected);
                for (int b = 0; b < batch; b++) {
                    for (int row = 0; row < rows; row++) {
                        double scale = 0;
                        for (int c = 0; c < cols; c++) {
                            scale += Math.abs((double) w[row * cols + c] * v[b * cols + c]);
                        }
                        int i = b * rows + row;
                        assertEquals(expected[i], out[i], BOUND * scale + 1e-30, "product " + i + ", " + where);
                    }
                }

                float[] dw = new float[rows * cols];
                float[] dwExpected = new float[rows * cols];
                hebb.gradient(out, rows, v, cols, batch, BatchReduction.SUM, dw);
                assertTrue(((OpenClCounterHebbRule) hebb).isRunningCL(), where);
                referenceHebb.gradient(out, rows, v, cols, batch, BatchReduction.SUM, dwExpected);
                for (int post = 0; post < rows; post++) {
                    for (int pre = 0; pre < cols; pre++) {
                        double scale = 0;
                        for (int b = 0; b < batch; b++) {
                            scale += Math.abs((double) out[b * rows + post] * v[b * cols + pre]);
                        }
                        int i = post * cols + pre;
                        assertEquals(dwExpected[i], dw[i], BOUND * scale + 1e-30, "dW " + i + ", " + where);
                    }
                }
            }
        }
        return CALLS;
    }
}
