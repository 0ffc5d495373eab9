package org.lamina.kernels.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Every softmax readout against the reference (logits within {@code 1e-5 · (|b| + sum |w h|)},
 * gradients within the Counter-Hebb bound), also with one instance following changing shapes.
 * The Java subclass also checks the output error against its definition, thread-count
 * independence and the SGD step.
 */
abstract class SoftmaxReadoutContractTest {

    abstract SoftmaxReadout create();

    @ParameterizedTest(name = "classes {0}, features {1}, batch {2}, {3}")
    @CsvSource({"1,1,1,SUM", "10,784,1,MEAN", "10,500,20,MEAN", "3,17,7,SUM", "33,100,64,MEAN"})
    void matchesTheReference(int classes, int features, int batch, BatchReduction reduction) {
        try (SoftmaxReadout readout = create()) {
            checkAgainstReference(readout, classes, features, batch, reduction);
        }
    }

    @Test
    void oneInstanceFollowsChangingShapes() {
        try (SoftmaxReadout readout = create()) {
            checkAgainstReference(readout, 10, 500, 20, BatchReduction.MEAN);
            checkAgainstReference(readout, 3, 17, 7, BatchReduction.SUM);
            checkAgainstReference(readout, 10, 500, 20, BatchReduction.SUM);
        }
    }

    static void checkAgainstReference(SoftmaxReadout readout, int classes, int features, int batch,
                                      BatchReduction reduction) {
        Random r = new Random(classes * 101L + features);
        float[] w = ErrorPropagationContractTest.gaussian(r, classes * features);
        float[] bias = ErrorPropagationContractTest.gaussian(r, classes);
        float[] h = ErrorPropagationContractTest.activity(r, Activation.RELU, batch * features);
        int[] labels = r.ints(batch, 0, classes).toArray();
        SoftmaxReadout reference = new ReferenceSoftmaxReadout();
        float[] zRef = new float[batch * classes];
        float[] z = new float[batch * classes];
        reference.logits(w, bias, classes, features, h, batch, zRef);
        readout.logits(w, bias, classes, features, h, batch, z);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < classes; k++) {
                double scale = Math.abs(bias[k]);
                for (int j = 0; j < features; j++) {
                    scale += Math.abs((double) w[k * features + j] * h[b * features + j]);
                }
                assertEquals(zRef[b * classes + k], z[b * classes + k], 1e-5 * scale + 1e-30, "logit " + b + ", " + k);
            }
        }
        float[] dz = new float[batch * classes];
        CrossEntropy.outputError(zRef, CrossEntropyTest.oneHot(labels, classes), classes, batch, 1.0, null, dz).lossSum();
        float[] dwRef = new float[classes * features];
        float[] dbRef = new float[classes];
        float[] dw = new float[classes * features];
        float[] db = new float[classes];
        reference.gradient(dz, h, classes, features, batch, reduction, dwRef, dbRef);
        readout.gradient(dz, h, classes, features, batch, reduction, dw, db);
        assertArrayEquals(dbRef, db); // one shared double-precision version
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                double scale = 0;
                for (int b = 0; b < batch; b++) {
                    scale += Math.abs((double) dz[b * classes + k] * h[b * features + j]);
                }
                scale *= reduction.factor(batch);
                assertEquals(dwRef[k * features + j], dw[k * features + j], 1e-5 * scale + 1e-30, "dW " + k + ", " + j);
            }
        }
    }
}

class JavaSoftmaxReadoutTest extends SoftmaxReadoutContractTest {
    @Override
    SoftmaxReadout create() {
        return new JavaSoftmaxReadout();
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Random r = new Random(6);
        int classes = 10;
        int features = 77;
        int batch = 11;
        float[] w = ErrorPropagationContractTest.gaussian(r, classes * features);
        float[] h = ErrorPropagationContractTest.gaussian(r, batch * features);
        float[][] z = new float[2][batch * classes];
        float[][] dw = new float[2][classes * features];
        int[] threads = {1, 4};
        for (int i = 0; i < 2; i++) {
            SoftmaxReadout readout = new JavaSoftmaxReadout(new ParallelLoop(threads[i]));
            readout.logits(w, null, classes, features, h, batch, z[i]);
            readout.gradient(z[i], h, classes, features, batch, BatchReduction.SUM, dw[i], null);
        }
        assertArrayEquals(z[0], z[1]);
        assertArrayEquals(dw[0], dw[1]);
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        float[] w = {1f, -2f, 0.5f};
        Sgd.step(w, new float[] {0.5f, -1f, 0f}, 0.25);
        assertArrayEquals(new float[] {0.875f, -1.75f, 0.5f}, w);
        assertThrows(IllegalArgumentException.class, () -> Sgd.step(w, new float[2], 0.1));
    }

    @Test
    void theFactoryGivesTheSelectedBackend() {
        assertInstanceOf(ReferenceSoftmaxReadout.class, Kernels.of(OpenClTestSupport.reference()).softmaxReadout());
        assertInstanceOf(JavaSoftmaxReadout.class, Kernels.java().softmaxReadout());
    }
}

@Tag("opencl")
class OpenClSoftmaxReadoutTest extends SoftmaxReadoutContractTest {
    @Override
    SoftmaxReadout create() {
        return new OpenClSoftmaxReadout(OpenClTestSupport.device());
    }

    @Test
    void reallyRunsAsOpenCl() {
        try (OpenClSoftmaxReadout readout = new OpenClSoftmaxReadout(OpenClTestSupport.device())) {
            float[] w = {1, 2, 0, -1, 0.5f, 0.5f}; // 2 classes × 3 features
            float[] h = {1, 0, 2}; // one example
            float[] z = new float[2];
            readout.logits(w, new float[] {0.5f, -0.5f}, 2, 3, h, 1, z);
            assertArrayEquals(new float[] {1.5f, -0.5f}, z);
            float[] dw = new float[6];
            readout.gradient(new float[] {1, -2}, h, 2, 3, 1, BatchReduction.SUM, dw, null);
            assertTrue(readout.isRunningCL(), "both kernels must run as OpenCL, not as a Java-thread fallback");
            assertArrayEquals(new float[] {1, 0, 2, -2, 0, -4}, dw);
        }
    }

    @Test
    void theFactoryGivesTheOpenClReadout() {
        try (SoftmaxReadout readout = Kernels.of(OpenClTestSupport.selection()).softmaxReadout()) {
            assertInstanceOf(OpenClSoftmaxReadout.class, readout);
            assertEquals(Backend.OPENCL, readout.backend());
        }
    }
}
