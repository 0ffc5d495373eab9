package org.lamina.kernels.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Every settle implementation against the double-precision reference on random shapes from fixed
 * seeds, and the ODE's steady state against the exact one for the ReLU rate. Bounds: the settled
 * h within {@code 1e-3 · (1 + |h|)} of the reference (float steps accumulate; the stopping test
 * may end a float run one step apart from the double one), the steps within one.
 */
abstract class InhibitionSettleContractTest {

    abstract InhibitionSettle create(SettleParams params);

    /** Currents like a layer's: mostly small, a few large, some negative. */
    static float[] currents(Random r, int batch, int units) {
        float[] c = new float[batch * units];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (r.nextGaussian() + (r.nextInt(10) == 0 ? 2 * r.nextDouble() : 0));
        }
        return c;
    }

    @ParameterizedTest(name = "batch {0}, units {1}, w {2}, n {3}, {4}")
    @CsvSource({"1,1,0.5,1,euler", "3,17,0,1,euler", "4,50,0.2,1,euler", "2,200,0.05,1,exponential-euler",
            "5,33,1.5,1,euler", "3,40,0.3,2,euler", "2,100,0.1,3,exponential-euler", "7,129,0.8,1,exponential-euler"})
    void matchesTheReference(int batch, int units, double w, double n, String integrator) {
        SettleParams params = new SettleParams(w, 10, 0.1, n, integrator, 1e-4, 20_000);
        float[] c = currents(new Random(batch * 131L + units), batch, units);
        float[] hRef = new float[batch * units];
        int[] stepsRef = new int[batch];
        int[] settledRef = new int[batch];
        new ReferenceInhibitionSettle(params).settle(c, batch, units, hRef, stepsRef, settledRef);
        float[] h = new float[batch * units];
        int[] steps = new int[batch];
        int[] settled = new int[batch];
        try (InhibitionSettle settle = create(params)) {
            settle.settle(c, batch, units, h, steps, settled);
            settle.settle(c, batch, units, h, steps, settled); // a second call starts from h = 0 again
        }
        for (int b = 0; b < batch; b++) {
            assertEquals(1, settledRef[b], "the reference settles example " + b);
            assertEquals(settledRef[b], settled[b], "example " + b);
            assertTrue(Math.abs(stepsRef[b] - steps[b]) <= 1, "steps of example " + b + ": " + steps[b] + " vs "
                    + stepsRef[b]);
        }
        for (int i = 0; i < h.length; i++) {
            assertEquals(hRef[i], h[i], 1e-3 * (1 + Math.abs(hRef[i])), "h of unit " + i);
        }
    }

    /** For r = ReLU the settled ODE sits at the exact steady state (the active set a top-m set of the currents). */
    @ParameterizedTest(name = "w {0}")
    @CsvSource({"0", "0.01", "0.1", "0.5", "0.95", "1", "2"})
    void theOdeSettlesAtTheExactSteadyState(double w) {
        int batch = 6;
        int units = 60;
        float[] c = currents(new Random(Double.hashCode(w)), batch, units);
        SettleParams params = new SettleParams(w, 10, 0.05, 1, "euler", 1e-5, 200_000);
        float[] h = new float[batch * units];
        int[] steps = new int[batch];
        int[] settled = new int[batch];
        try (InhibitionSettle settle = create(params)) {
            settle.settle(c, batch, units, h, steps, settled);
        }
        float[] exact = new float[batch * units];
        ExactSteadyState.solve(c, batch, units, w, exact);
        for (int b = 0; b < batch; b++) {
            assertEquals(1, settled[b], "example " + b + " settles");
            for (int i = b * units; i < (b + 1) * units; i++) {
                assertEquals(exact[i], h[i], 2e-3 * (1 + Math.abs(exact[i])), "example " + b + ", unit " + (i - b * units));
                if (Math.abs(exact[i]) > 2e-3) {
                    assertEquals(exact[i] > 0, h[i] > 0, "the same active set, example " + b + ", unit " + (i - b * units));
                }
            }
        }
    }
}

class ReferenceInhibitionSettleTest extends InhibitionSettleContractTest {
    @Override
    InhibitionSettle create(SettleParams params) {
        return new ReferenceInhibitionSettle(params);
    }

    @Test
    void exactSteadyStateOfHandWorkedCases() {
        // Two units, w = 0.5: both active, S = (3 + 2) / 1.5, h = (I - w S) / (1 - w), so h1 = I1 - w h2.
        float[] h = new float[2];
        ExactSteadyState.solve(new float[] {3f, 2f}, 1, 2, 0.5, h);
        double s = 5 / 1.5;
        assertArrayEquals(new float[] {(float) ((3 - 0.5 * s) / 0.5), (float) ((2 - 0.5 * s) / 0.5)}, h, 1e-6f);
        assertEquals(3 - 0.5 * h[1], h[0], 1e-6);
        // w = 0.8: the second is inhibited: S = 3, h2 = 1 - 0.8 * 3 < 0.
        ExactSteadyState.solve(new float[] {3f, 1f}, 1, 2, 0.8, h);
        assertArrayEquals(new float[] {3f, 1f - 2.4f}, h, 1e-6f);
        // No positive current: nothing is active, h = I.
        ExactSteadyState.solve(new float[] {-1f, 0f}, 1, 2, 0.3, h);
        assertArrayEquals(new float[] {-1f, 0f}, h);
        // w >= 1 with equal currents: the lower index wins alone.
        ExactSteadyState.solve(new float[] {2f, 2f}, 1, 2, 1.5, h);
        assertArrayEquals(new float[] {2f, -1f}, h);
    }
}

class JavaInhibitionSettleTest extends InhibitionSettleContractTest {
    @Override
    InhibitionSettle create(SettleParams params) {
        return new JavaInhibitionSettle(params);
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        SettleParams params = new SettleParams(0.3, 10, 0.2, 1, "euler", 1e-4, 10_000);
        float[] c = currents(new Random(3), 9, 77);
        float[] h1 = new float[c.length];
        float[] h3 = new float[c.length];
        int[] s1 = new int[9];
        int[] s3 = new int[9];
        new JavaInhibitionSettle(params, new ParallelLoop(1)).settle(c, 9, 77, h1, s1, new int[9]);
        new JavaInhibitionSettle(params, new ParallelLoop(3)).settle(c, 9, 77, h3, s3, new int[9]);
        assertArrayEquals(h1, h3);
        assertArrayEquals(s1, s3);
    }
}

@Tag("opencl")
class OpenClInhibitionSettleTest extends InhibitionSettleContractTest {
    @Override
    InhibitionSettle create(SettleParams params) {
        return new OpenClInhibitionSettle(params, OpenClTestSupport.device());
    }

    @Test
    void runsAsOpenCl() {
        SettleParams params = new SettleParams(0.2, 10, 0.2, 1, "euler", 1e-3, 1000);
        try (OpenClInhibitionSettle settle = new OpenClInhibitionSettle(params, OpenClTestSupport.device())) {
            float[] c = currents(new Random(5), 4, 30);
            settle.settle(c, 4, 30, new float[120], new int[4], new int[4]);
            assertTrue(settle.isRunningCL());
        }
    }
}

class ExactSteadyStateTest {
    /** Sorting every current, the plain way, against the solver that looks only at the largest ones. */
    @org.junit.jupiter.params.ParameterizedTest(name = "w {0}")
    @org.junit.jupiter.params.provider.CsvSource({"0", "0.001", "0.01", "0.2", "0.99", "1", "3"})
    void looksOnlyAtTheLargestCurrentsYetAgreesWithAFullSort(double w) {
        Random r = new Random(Double.hashCode(w) + 1);
        for (int units : new int[] {1, 5, 64, 65, 300, 2000}) {
            float[] c = new float[units];
            for (int i = 0; i < units; i++) {
                c[i] = (float) (r.nextGaussian() + 0.5);
            }
            double[] sorted = new double[units];
            for (int i = 0; i < units; i++) {
                sorted[i] = c[i];
            }
            java.util.Arrays.sort(sorted);
            assertEquals(ExactSteadyState.activeSumOfAll(sorted, w), ExactSteadyState.activeSum(c, 0, units, w), 1e-9,
                    units + " units");
        }
    }
}
