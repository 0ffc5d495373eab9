package org.lamina.kernels.supervised;

import org.lamina.kernels.product.TransposedProduct;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Fast Java Counter-Hebb: {@code dW = factor · delta^T a} by the {@link TransposedProduct},
 * vectorised along the pre units (long) rather than the batch (often shorter than a vector).
 * Results do not depend on the thread count.
 */
public final class JavaCounterHebbRule implements CounterHebbRule {
    private final ParallelLoop loop;

    public JavaCounterHebbRule() {
        this(ParallelLoop.shared());
    }

    public JavaCounterHebbRule(ParallelLoop loop) {
        this.loop = loop;
    }

    @Override
    public void gradient(float[] delta, int post, float[] activity, int pre, int batch, BatchReduction reduction,
                         float[] dw) {
        CounterHebbRule.checkShapes(delta, post, activity, pre, batch, dw);
        TransposedProduct.multiply(loop, delta, post, 1, activity, batch, post, pre, (float) reduction.factor(batch), dw);
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
