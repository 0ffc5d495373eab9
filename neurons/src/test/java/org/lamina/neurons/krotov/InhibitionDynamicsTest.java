package org.lamina.neurons.krotov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.neurons.ode.Integrator;
import org.lamina.neurons.ode.Rk4;

class InhibitionDynamicsTest {

    private static Settling settle(float[] currents, int batch, int units, float w, float[] h, String integrator) {
        InhibitionDynamics d = new InhibitionDynamics(batch, units, 1f, w, 1f, currents);
        Settling s = new Settling(d, Integrator.named(integrator, batch * units));
        s.run(h, 0.02f, 1e-5f, 20_000);
        return s;
    }

    /** Two active units settle at h1 = (I1 - w I2) / (1 - w^2) and h2 = (I2 - w I1) / (1 - w^2). */
    @Test
    void twoActiveUnitsReachTheAnalyticFixedPoint() {
        float w = 0.5f;
        float[] currents = {1.0f, 0.8f, -0.5f};
        float[] h = new float[3];
        Settling s = settle(currents, 1, 3, w, h, "rk4");
        assertTrue(s.converged()[0]);
        double h1 = (1.0 - w * 0.8) / (1 - w * w);
        double h2 = (0.8 - w * 1.0) / (1 - w * w);
        assertEquals(h1, h[0], 1e-4);
        assertEquals(h2, h[1], 1e-4);
        // The inactive unit sits at I3 - w (r1 + r2).
        assertEquals(-0.5 - w * (h1 + h2), h[2], 1e-4);
        assertEquals(2, s.activeUnits()[0]);
        assertEquals(0, s.winners()[0]);
    }

    @Test
    void strongInhibitionLeavesExactlyOneActiveUnit() {
        Random r = new Random(3);
        int batch = 20;
        int units = 50;
        float[] currents = new float[batch * units];
        for (int i = 0; i < currents.length; i++) {
            currents[i] = 0.2f + r.nextFloat(); // distinct with probability 1
        }
        float[] h = new float[batch * units];
        Settling s = settle(currents, batch, units, 1.5f, h, "euler");
        for (int b = 0; b < batch; b++) {
            assertTrue(s.converged()[b], "example " + b);
            assertEquals(1, s.activeUnits()[b], "example " + b);
            int argmax = 0;
            for (int i = 1; i < units; i++) {
                if (currents[b * units + i] > currents[b * units + argmax]) {
                    argmax = i;
                }
            }
            assertEquals(argmax, s.winners()[b], "the unit with the largest current wins");
        }
    }

    @Test
    void activeUnitsNeverIncreaseAsInhibitionGrows() {
        Random r = new Random(11);
        int batch = 16;
        int units = 200;
        float[] currents = new float[batch * units];
        for (int i = 0; i < currents.length; i++) {
            currents[i] = (float) r.nextGaussian();
        }
        int[] previous = null;
        for (float w = 0f; w <= 1.0f; w += 0.05f) {
            float[] h = new float[batch * units];
            Settling s = settle(currents, batch, units, w, h, "exponential-euler");
            int[] active = s.activeUnits().clone();
            for (int b = 0; b < batch; b++) {
                assertTrue(s.converged()[b], "w = " + w + ", example " + b);
                if (previous != null) {
                    assertTrue(active[b] <= previous[b], "w = " + w + ", example " + b + ": " + active[b] + " > " + previous[b]);
                }
            }
            previous = active;
        }
        assertTrue(previous[0] < 20, "strong inhibition prunes most units: " + previous[0]);
    }

    @Test
    void theOdeWinnerAgreesWithTheRankingShortcutWhenSomeUnitIsActive() {
        Random r = new Random(5);
        int batch = 30;
        int units = 40;
        float[] currents = new float[batch * units];
        for (int i = 0; i < currents.length; i++) {
            currents[i] = (float) r.nextGaussian();
        }
        float[] h = new float[batch * units];
        Settling s = settle(currents, batch, units, 0.3f, h, "rk4");
        float[] g = new float[batch * units];
        int[] top = new int[batch];
        LearningSignals.rankingShortcut(currents, batch, units, 3, 0.4f, g, top);
        assertEquals(1.0, LearningSignals.agreement(s.winners(), top));
        for (int b = 0; b < batch; b++) {
            float sum = 0;
            for (int i = 0; i < units; i++) {
                sum += g[b * units + i];
            }
            assertEquals(1 - 0.4f, sum, 1e-6, "one +1 and one -Delta per example");
        }
    }

    @Test
    void theRankingShortcutMarksTheTopAndTheKthUnit() {
        float[] currents = {0.1f, 0.9f, 0.5f, 0.7f, 0.3f};
        float[] g = new float[5];
        int[] top = new int[1];
        LearningSignals.rankingShortcut(currents, 1, 5, 3, 0.4f, g, top);
        assertEquals(1, top[0]);
        assertEquals(1f, g[1]);
        assertEquals(-0.4f, g[2]); // ranks: 1 (0.9), 3 (0.7), 2 (0.5)
        assertEquals(0f, g[0] + g[3] + g[4]);
    }

    @Test
    void theOdeActivationHasThreeLevels() {
        float[] h = {-0.1f, 0f, 0.2f, 0.5f, 0.9f};
        float[] g = new float[5];
        LearningSignals.odeActivation(h, 0.5f, 0.4f, g);
        assertEquals(0f, g[0]);
        assertEquals(-0.4f, g[1]);
        assertEquals(-0.4f, g[2]);
        assertEquals(1f, g[3]);
        assertEquals(1f, g[4]);
    }

    @Test
    void rk4HandlesTheNonlinearRatePower() {
        // With r = h^2 and one active unit, the fixed point is h = I (inhibition acts on others).
        float[] currents = {0.9f, 0.1f};
        float[] h = new float[2];
        InhibitionDynamics d = new InhibitionDynamics(1, 2, 1f, 2f, 2f, currents);
        new Settling(d, new Rk4(2)).run(h, 0.01f, 1e-6f, 50_000);
        assertEquals(0.9, h[0], 1e-4);
        assertEquals(0.1 - 2 * 0.81, h[1], 1e-3);
    }
}
