package org.lamina.kernels.supervised;

import org.lamina.kernels.product.MatrixProduct;

/**
 * A readout made of a backend's batched product (logits) and Counter-Hebb rule ({@code dW}); the
 * bias and the bias gradient are O(batch · classes) and stay on the host. The one implementation
 * of the readout's arithmetic, shared by the Java and OpenCL readouts.
 */
abstract class ComposedSoftmaxReadout implements SoftmaxReadout {
    private final MatrixProduct product;
    private final CounterHebbRule counterHebb;

    ComposedSoftmaxReadout(MatrixProduct product, CounterHebbRule counterHebb) {
        this.product = product;
        this.counterHebb = counterHebb;
    }

    @Override
    public final void logits(float[] w, float[] bias, int classes, int features, float[] h, int batch, float[] z) {
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
    public final void gradient(float[] dz, float[] h, int classes, int features, int batch, BatchReduction reduction,
                               float[] dw, float[] db) {
        counterHebb.gradient(dz, classes, h, features, batch, reduction, dw);
        if (db != null) {
            CounterHebbRule.biasGradient(dz, classes, batch, reduction, db);
        }
    }

    @Override
    public void close() {
        product.close();
        counterHebb.close();
    }
}
