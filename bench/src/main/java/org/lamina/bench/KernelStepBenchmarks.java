package org.lamina.bench;

import java.util.concurrent.TimeUnit;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.kernels.product.MatrixProduct;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmarks of the kernels issue's shapes ({@code lamina bench jmh}): the batched forward
 * product {@code W · V} (W 2000 × 784, batch 100), one Krotov minibatch step (the paper's
 * p = 3, k = 7, Delta = 0.4; batch 100) and one SoftHebb step (the MNIST preset; batch 32), per
 * kernel backend ({@code backend} = {@code java} | {@code opencl}; an OpenCL run fails when no
 * OpenCL device is usable rather than timing Java threads). Inputs are uniform like pixels / 255,
 * eight minibatches used in turn; the plasticity steps keep changing their weights, as in training.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelStepBenchmarks {
    /** Hidden units and inputs of every benchmark. */
    public static final int HIDDEN = 2000;
    public static final int INPUTS = 784;
    public static final int KROTOV_BATCH = 100;
    public static final int SOFTHEBB_BATCH = 32;
    private static final int POOL = 8;

    @Param({"java"})
    public String backend;

    private BackendSelection selection;
    private MatrixProduct product;
    private KrotovRule krotov;
    private SoftHebbRule softHebb;
    private float[] productW;
    private float[] krotovW;
    private float[] softHebbW;
    private float[][] krotovInputs;
    private float[][] softHebbInputs;
    private float[] currents;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        BackendRequest request = BackendRequest.parse(backend);
        selection = BackendSelection.select(request);
        Kernels kernels = Kernels.of(selection);
        product = kernels.product();
        krotov = kernels.krotov(KrotovParams.paper());
        softHebb = kernels.softHebb(SoftHebbParams.mnistPreset());
        productW = PlasticityBenchmark.weights(HIDDEN, INPUTS, 1);
        krotovW = PlasticityBenchmark.weights(HIDDEN, INPUTS, 1);
        softHebbW = PlasticityBenchmark.weights(HIDDEN, INPUTS, 35.0 / Math.sqrt(INPUTS)); // row norms ~ radius 35
        krotovInputs = PlasticityBenchmark.inputs(POOL, KROTOV_BATCH, INPUTS);
        softHebbInputs = PlasticityBenchmark.inputs(POOL, SOFTHEBB_BATCH, INPUTS);
        currents = new float[KROTOV_BATCH * HIDDEN];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        product.close();
        krotov.close();
        softHebb.close();
    }

    /** The forward product {@code W · V} behind the currents (2 · 2000 · 784 · 100 flops). */
    @Benchmark
    public float forwardProduct() {
        product.multiply(productW, HIDDEN, INPUTS, krotovInputs[next++ % POOL], KROTOV_BATCH, currents);
        return currents[0];
    }

    /** One Krotov minibatch step (its forward product: 2 · 2000 · 784 · 100 flops). */
    @Benchmark
    public double krotovStep() {
        return krotov.update(krotovW, HIDDEN, INPUTS, krotovInputs[next++ % POOL], KROTOV_BATCH, 0.01);
    }

    /** One SoftHebb minibatch step (u = W x and dW = y^T X: 2 · 2 · 2000 · 784 · 32 flops). */
    @Benchmark
    public double softHebbStep() {
        return softHebb.update(softHebbW, HIDDEN, INPUTS, softHebbInputs[next++ % POOL], SOFTHEBB_BATCH);
    }

    /** The dense floating-point work of one call of a benchmark method, as counted above. */
    public static double flops(String method) {
        return switch (method) {
            case "forwardProduct", "krotovStep" -> 2.0 * HIDDEN * INPUTS * KROTOV_BATCH;
            case "softHebbStep" -> 4.0 * HIDDEN * INPUTS * SOFTHEBB_BATCH;
            default -> throw new IllegalArgumentException("no flop count for " + method);
        };
    }
}
