package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.JavaMatrixProduct;

/** Fast Java readout: logits by the Vector API product, gradients by the Java Counter-Hebb rule. */
public final class JavaSoftmaxReadout implements SoftmaxReadout {
    private final JavaMatrixProduct product;
    private final JavaCounterHebbRule counterHebb;

    public JavaSoftmaxReadout() {
        this(ParallelLoop.shared());
    }

    public JavaSoftmaxReadout(ParallelLoop loop) {
        this.product = new JavaMatrixProduct(loop);
        this.counterHebb = new JavaCounterHebbRule(loop);
    }

    @Override
    public void logits(float[] w, float[] bias, int classes, int features, float[] h, int batch, float[] z) {
        SoftmaxReadout.checkShapes(w, bias, classes, features, h, batch, z);
        product.multiply(w, classes, features, h, batch, z);
        if (bias != null) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < classes; k++) {
                    z[b * classes + k] += bias[k];
                }
            }
        }
    }

    @Override
    public void gradient(float[] dz, float[] h, int classes, int features, int batch, BatchReduction reduction,
                         float[] dw, float[] db) {
        counterHebb.gradient(dz, classes, h, features, batch, reduction, dw);
        if (db != null) {
            CounterHebbRule.biasGradient(dz, classes, batch, reduction, db);
        }
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
