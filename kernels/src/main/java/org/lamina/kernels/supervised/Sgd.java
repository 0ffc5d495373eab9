package org.lamina.kernels.supervised;

/** Plain stochastic gradient descent, {@code w -= lr · dW}, in float (one version for every backend). */
public final class Sgd {
    private Sgd() {
    }

    public static void step(float[] w, float[] dw, double lr) {
        if (w.length != dw.length) {
            throw new IllegalArgumentException("w and dw must have the same length, got " + w.length + " and " + dw.length);
        }
        if (!Double.isFinite(lr)) {
            throw new IllegalArgumentException("lr must be finite, got " + lr);
        }
        float rate = (float) lr;
        for (int i = 0; i < w.length; i++) {
            w[i] -= rate * dw[i];
        }
    }
}
