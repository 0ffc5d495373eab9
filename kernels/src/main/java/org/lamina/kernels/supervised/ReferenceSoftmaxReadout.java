package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;

/** The specification: logits summed in double in feature order; gradients by the reference Counter-Hebb rule. */
public final class ReferenceSoftmaxReadout implements SoftmaxReadout {
    private final ReferenceCounterHebbRule counterHebb = new ReferenceCounterHebbRule();

    @Override
    public void logits(float[] w, float[] bias, int classes, int features, float[] h, int batch, float[] z) {
        SoftmaxReadout.checkShapes(w, bias, classes, features, h, batch, z);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < classes; k++) {
                double sum = bias == null ? 0 : bias[k];
                for (int j = 0; j < features; j++) {
                    sum += (double) w[k * features + j] * h[b * features + j];
                }
                z[b * classes + k] = (float) sum;
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
        return Backend.REFERENCE;
    }
}
