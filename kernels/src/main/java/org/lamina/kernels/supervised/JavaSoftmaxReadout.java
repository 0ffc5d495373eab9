package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.JavaMatrixProduct;

/** Fast Java readout: logits by the Vector API product, gradients by the Java Counter-Hebb rule. */
public final class JavaSoftmaxReadout extends ComposedSoftmaxReadout {

    public JavaSoftmaxReadout() {
        this(ParallelLoop.shared());
    }

    public JavaSoftmaxReadout(ParallelLoop loop) {
        super(new JavaMatrixProduct(loop), new JavaCounterHebbRule(loop));
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
