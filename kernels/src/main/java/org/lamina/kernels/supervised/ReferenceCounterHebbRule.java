package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;

/** The specification: plain loops, each element summed in double in example order. */
public final class ReferenceCounterHebbRule implements CounterHebbRule {

    @Override
    public void gradient(float[] delta, int post, float[] activity, int pre, int batch, BatchReduction reduction,
                         float[] dw) {
        CounterHebbRule.checkShapes(delta, post, activity, pre, batch, dw);
        double factor = reduction.factor(batch);
        for (int i = 0; i < post; i++) {
            for (int j = 0; j < pre; j++) {
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                    sum += (double) delta[b * post + i] * activity[b * pre + j];
                }
                dw[i * pre + j] = (float) (sum * factor);
            }
        }
    }

    @Override
    public Backend backend() {
        return Backend.REFERENCE;
    }
}
