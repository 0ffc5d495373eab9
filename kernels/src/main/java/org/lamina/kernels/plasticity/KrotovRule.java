package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;

/**
 * The Krotov–Hopfield minibatch update of a {@code rows × cols} weight matrix (hidden × input)
 * for a {@code batch × cols} input: currents {@code I = (sign(W)|W|^(p-1)) · v}; per example
 * {@code g = +1} for the top-ranked unit and {@code -delta} for the k-th;
 * {@code dW = g^T V - (sum_b g I)[:, None] * W}; {@code W += eps · dW / max(max|dW|, precision)}.
 * Only units ranked 1 or k in some example change (at most 2·batch rows).
 */
public interface KrotovRule extends AutoCloseable {

    /** Updates {@code w} in place; returns {@code max|dW|} before normalisation. */
    double update(float[] w, int rows, int cols, float[] v, int batch, double eps);

    /** Per example of the last update, the unit ranked first (the winner); {@code out} holds batch ints. */
    void lastWinners(int[] out);

    KrotovParams params();

    Backend backend();

    @Override
    default void close() {
    }
}
