package org.lamina.kernels.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A recorded settling path starts at 0; where Euler's step is stable it is the reference settle
 * step by step; where it is not (many active units early on), it follows the equation as a much
 * finer Euler does, and ends at the exact steady state.
 */
class SettleTrajectoryTest {

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(doubles = {1, 2})
    void thePathIsTheReferenceSettleStepByStep(double ratePower) {
        int units = 40;
        int batch = 2;
        Random r = new Random(5);
        float[] currents = new float[batch * units];
        for (int i = 0; i < currents.length; i++) {
            currents[i] = (float) (r.nextGaussian() * 0.5 + 0.3);
        }
        SettleParams settle = new SettleParams(0.3, 10, 0.5, ratePower, "euler", 1e-4, 20_000);
        float[] h = new float[batch * units];
        int[] steps = new int[batch];
        int[] settled = new int[batch];
        new ReferenceInhibitionSettle(settle).settle(currents, batch, units, h, steps, settled);
        for (int b = 0; b < batch; b++) {
            assertEquals(1, settled[b]);
            float[] path = SettleTrajectory.of(settle, currents, b * units, units, steps[b] + 1);
            for (int i = 0; i < units; i++) {
                assertEquals(0f, path[i], "sample 0 is the start");
                assertEquals(h[b * units + i], path[steps[b] * units + i], 0f, "the reference's last step, unit " + i);
            }
            // After one step of Euler from 0: h = (dt / tau) I.
            for (int i = 0; i < units; i++) {
                assertEquals(0.05 * currents[b * units + i], path[units + i], 1e-7);
            }
        }
    }

    /** A reference settle that stops at exactly the step asked for gives the same state as the path at that step. */
    @ParameterizedTest(name = "{0} steps")
    @ValueSource(ints = {1, 7, 60})
    void anyPrefixOfThePathIsAShorterSettle(int cap) {
        int units = 25;
        Random r = new Random(cap);
        float[] currents = new float[units];
        for (int i = 0; i < units; i++) {
            currents[i] = (float) r.nextGaussian();
        }
        SettleParams settle = new SettleParams(0.5, 10, 0.5, 1, "euler", 1e-12, cap);
        float[] h = new float[units];
        new ReferenceInhibitionSettle(settle).settle(currents, 1, units, h, new int[1], new int[1]);
        float[] path = SettleTrajectory.of(settle, currents, 0, units, cap + 1);
        for (int i = 0; i < units; i++) {
            assertEquals(h[i], path[cap * units + i], 0f);
        }
    }

    /** 2000 units, strong inhibition: dt = 0.5 ms would ring; the path is that of a 50x finer step. */
    @org.junit.jupiter.api.Test
    void aStiffStartIsFollowedAsAFinerStepWould() {
        int units = 2000;
        Random r = new Random(9);
        float[] currents = new float[units];
        for (int i = 0; i < units; i++) {
            currents[i] = (float) (1 + 0.3 * r.nextGaussian());
        }
        SettleParams coarse = new SettleParams(0.8, 10, 0.5, 1, "euler", 1e-3, 10_000);
        SettleParams fine = new SettleParams(0.8, 10, 0.01, 1, "euler", 1e-3, 10_000);
        int samples = 201;
        float[] path = SettleTrajectory.of(coarse, currents, 0, units, samples);
        float[] finer = SettleTrajectory.of(fine, currents, 0, units, 50 * (samples - 1) + 1);
        double scale = 0;
        for (float c : currents) {
            scale = Math.max(scale, Math.abs(c));
        }
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < units; i += 97) {
                assertEquals(finer[50 * s * units + i], path[s * units + i], 0.02 * scale, "sample " + s + ", unit " + i);
            }
        }
        // Nearly equal currents compete slowly (the rate 1 - w_inh): by 200 tau it has settled.
        int horizon = 4001;
        float[] settled = SettleTrajectory.of(coarse, currents, 0, units, horizon);
        float[] exact = new float[units];
        ExactSteadyState.solve(currents, 1, units, 0.8, exact);
        for (int i = 0; i < units; i++) {
            assertEquals(exact[i], settled[(horizon - 1) * units + i], 1e-3 * scale, "the steady state, unit " + i);
        }
    }
}
