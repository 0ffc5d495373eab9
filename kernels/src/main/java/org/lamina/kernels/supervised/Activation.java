package org.lamina.kernels.supervised;

/**
 * Hidden-layer activations, with the derivative read from the activity {@code a = f(z)} a layer
 * already holds (no need to keep {@code z}): ReLU {@code [a > 0]}, tanh {@code 1 - a²},
 * identity 1.
 */
public enum Activation {
    RELU,
    TANH,
    IDENTITY;

    public double apply(double z) {
        return switch (this) {
            case RELU -> Math.max(z, 0);
            case TANH -> Math.tanh(z);
            case IDENTITY -> z;
        };
    }

    /** {@code out = f(z)} elementwise, in float (tanh through double); {@code out} may be {@code z}. */
    public void apply(float[] z, float[] out) {
        Gates.checkSameLength(z, z, out);
        switch (this) {
            case RELU -> {
                for (int i = 0; i < z.length; i++) {
                    out[i] = Math.max(z[i], 0f);
                }
            }
            case TANH -> {
                for (int i = 0; i < z.length; i++) {
                    out[i] = (float) Math.tanh(z[i]);
                }
            }
            case IDENTITY -> System.arraycopy(z, 0, out, 0, z.length);
        }
    }

    /** {@code f'(z)} from {@code a = f(z)}, in double (the reference's precision). */
    public double derivative(double a) {
        return switch (this) {
            case RELU -> a > 0 ? 1 : 0;
            case TANH -> 1 - a * a;
            case IDENTITY -> 1;
        };
    }

    /**
     * {@code f'(z)} from {@code a = f(z)}, in float. Tanh's is {@code (1 - a)(1 + a)}: near
     * saturation {@code 1 - a·a} would lose the digits of {@code a·a}'s rounding, while
     * {@code 1 - a} is exact there.
     */
    public float derivative(float a) {
        return switch (this) {
            case RELU -> a > 0 ? 1f : 0f;
            case TANH -> (1f - a) * (1f + a);
            case IDENTITY -> 1f;
        };
    }

    /** {@code out = x · f'(a)} elementwise, in float; {@code out} may be {@code x}. */
    public void gate(float[] x, float[] a, float[] out) {
        Gates.checkSameLength(x, a, out);
        switch (this) { // one plain loop per case, so the JIT vectorises it
            case RELU -> Gates.galu(x, a, out);
            case TANH -> {
                for (int i = 0; i < x.length; i++) {
                    out[i] = x[i] * ((1f - a[i]) * (1f + a[i]));
                }
            }
            case IDENTITY -> System.arraycopy(x, 0, out, 0, x.length);
        }
    }
}
