package org.lamina.kernels.supervised;

/**
 * How per-example gradients combine over a minibatch. Explicit at every call because it scales
 * the effective learning rate by the batch size: SUM with rate {@code lr} is MEAN with
 * {@code lr · batch}.
 */
public enum BatchReduction {
    SUM,
    MEAN;

    /** The factor applied to a batch sum: 1 or {@code 1 / batch}. */
    public double factor(int batch) {
        return this == SUM ? 1.0 : 1.0 / batch;
    }
}
