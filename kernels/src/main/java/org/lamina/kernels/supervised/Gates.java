package org.lamina.kernels.supervised;

/**
 * Elementwise gates. GaLU (gated linear unit): {@code galu(x, c) = x · [c > 0]}; it passes
 * {@code x} where the gating activity {@code c} is active. Gating an error by the layer's own
 * ReLU activity is the ReLU derivative: {@code delta · [a > 0]}.
 */
public final class Gates {
    private Gates() {
    }

    public static float galu(float x, float c) {
        return x * (c > 0 ? 1f : 0f);
    }

    /** {@code out = x · [c > 0]} elementwise; {@code out} may be {@code x}. */
    public static void galu(float[] x, float[] c, float[] out) {
        checkSameLength(x, c, out);
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * (c[i] > 0 ? 1f : 0f);
        }
    }

    /** {@code out = [a > 0]}: the ReLU derivative read from the ReLU's output {@code a}. */
    public static void reluDerivative(float[] a, float[] out) {
        checkSameLength(a, a, out);
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] > 0 ? 1f : 0f;
        }
    }

    static void checkSameLength(float[] x, float[] c, float[] out) {
        if (x.length != c.length || x.length != out.length) {
            throw new IllegalArgumentException("arrays must have the same length, got " + x.length + ", " + c.length
                    + " and " + out.length);
        }
    }
}
