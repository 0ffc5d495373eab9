package org.lamina.kernels.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GaLU and the derivatives read from activities, against their definitions. */
class ActivationTest {

    @Test
    void galuPassesTheInputWhereTheGateIsActive() {
        float[] x = {2f, -3f, 4f, 5f, -1f};
        float[] c = {1f, 0.5f, 0f, -2f, Float.MIN_VALUE};
        float[] out = new float[5];
        Gates.galu(x, c, out);
        assertArrayEquals(new float[] {2f, -3f, 0f, 0f, -1f}, out);
        assertEquals(0f, Gates.galu(7f, -0f));
        Gates.galu(x, c, x); // in place
        assertArrayEquals(out, x);
    }

    @Test
    void reluDerivativeIsTheIndicatorOfAPositiveActivity() {
        float[] out = new float[4];
        Gates.reluDerivative(new float[] {0f, 1e-30f, 3f, -0f}, out);
        assertArrayEquals(new float[] {0f, 1f, 1f, 0f}, out);
        assertThrows(IllegalArgumentException.class, () -> Gates.reluDerivative(new float[3], out));
    }

    /** {@code f'(z)} read from {@code a = f(z)} matches a central difference of {@code f} at {@code z}. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void theDerivativeFromTheActivityIsTheDerivativeAtThePreActivation(Activation f) {
        double h = 1e-6;
        for (double z = -2.05; z < 2; z += 0.1) { // steps over 0 never land on ReLU's kink
            double numeric = (f.apply(z + h) - f.apply(z - h)) / (2 * h);
            assertEquals(numeric, f.derivative(f.apply(z)), 1e-8, f + " at " + z);
            assertEquals(f.derivative(f.apply(z)), f.derivative((float) f.apply(z)), 1e-6, f + " in float at " + z);
        }
    }

    @Test
    void theTanhDerivativeInFloatKeepsItsDigitsNearSaturation() {
        for (float a : new float[] {0.5f, 0.999f, 0.99999f, Math.nextDown(1f), -0.9999f}) {
            double exact = 1 - (double) a * a; // exact in double for a float a
            assertEquals(exact, Activation.TANH.derivative(a), 2.5e-7 * exact, "at " + a);
            float[] out = new float[1];
            Activation.TANH.gate(new float[] {1f}, new float[] {a}, out);
            assertEquals(exact, out[0], 2.5e-7 * exact, "gate at " + a);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gateMultipliesByTheDerivative(Activation f) {
        float[] x = {0.5f, -2f, 3f, 1f};
        float[] a = {0.25f, -0.5f, 0f, 0.9f};
        float[] out = new float[4];
        f.gate(x, a, out);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] * f.derivative(a[i]), out[i], f + " at " + i);
        }
    }
}
