package org.lamina.kernels.plasticity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Every SoftHebb implementation against the double-precision reference on random shapes (every
 * variant, with and without bias, 1 row, 1 example, sizes that are not multiples of the vector
 * width), one instance following changing shapes, and the properties the rule exists for: rows
 * converge to norm 1, and the biases learn log-priors. Bound: {@code 1e-5} relative on
 * {@code max|dW|}, on every weight and on every bias; winners equal where they are clear.
 *
 * <p>The hard and anti-Hebbian variants pick a winner from float pre-activations, the reference
 * from double ones; {@link #assertClearWinners} checks that the test data has no near tie there
 * (should a change of shapes or seeds hit one, pick another seed rather than loosen the bound).
 */
abstract class SoftHebbRuleContractTest {

    abstract SoftHebbRule create(SoftHebbParams params);

    /**
     * Four steps of one instance (its buffers must stay right) against the reference. With a
     * bias it starts at the uniform prior plus noise of the size of {@code u}'s spread, so that
     * it changes the winners and its own update is far from equilibrium.
     */
    static void checkAgainstReference(SoftHebbRule rule, Random r, int rows, int cols, int batch) {
        float[] w = KrotovRuleContractTest.gaussian(r, rows * cols);
        for (int i = 0; i < w.length; i++) {
            w[i] *= 0.3f;
        }
        float[] wRef = w.clone();
        float[] bias = null;
        float[] biasRef = null;
        if (rule.params().bias()) {
            bias = new float[rows];
            SoftHebbRule.initialBias(rule.params(), bias);
            for (int i = 0; i < rows; i++) {
                bias[i] += (float) (0.5 * r.nextGaussian());
            }
            biasRef = bias.clone();
        }
        ReferenceSoftHebbRule reference = new ReferenceSoftHebbRule(rule.params());
        int[] winners = new int[batch];
        int[] winnersRef = new int[batch];
        for (int step = 0; step < 4; step++) {
            float[] x = KrotovRuleContractTest.uniform(r, batch * cols);
            boolean clear = rule.params().variant() != SoftHebbParams.Variant.SOFT;
            if (clear) {
                assertClearWinners(wRef, biasRef, rows, cols, x, batch, step);
            }
            double maxRef = reference.update(wRef, biasRef, rows, cols, x, batch);
            double max = rule.update(w, bias, rows, cols, x, batch);
            String where = " at step " + step + " (rows " + rows + ", cols " + cols + ", batch " + batch + ")";
            assertEquals(maxRef, max, 1e-5 * maxRef + 1e-30, "max |dW|" + where);
            for (int j = 0; j < w.length; j++) {
                assertEquals(wRef[j], w[j], 1e-5 * Math.max(1, Math.abs(wRef[j])), "weight " + j + where);
            }
            if (bias != null) {
                for (int j = 0; j < rows; j++) {
                    assertEquals(biasRef[j], bias[j], 1e-5 * Math.max(1, Math.abs(biasRef[j])), "bias " + j + where);
                }
            }
            if (clear) {
                reference.lastWinners(winnersRef);
                rule.lastWinners(winners);
                assertArrayEquals(winnersRef, winners, "winners" + where);
            }
        }
    }

    /**
     * The test's own precondition: in every example the reference's winner leads the runner-up by
     * more than the float error bounds of the two pre-activations ({@code 1e-5 · sum_c |w_rc x_bc|}
     * each, as for the product), so every backend picks the same winner.
     */
    static void assertClearWinners(float[] w, float[] bias, int rows, int cols, float[] x, int batch, int step) {
        if (rows < 2) {
            return;
        }
        for (int b = 0; b < batch; b++) {
            int best = -1;
            int second = -1;
            double[] u = new double[rows];
            double[] bound = new double[rows];
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                double abs = 0;
                for (int c = 0; c < cols; c++) {
                    double t = (double) w[r * cols + c] * x[b * cols + c];
                    sum += t;
                    abs += Math.abs(t);
                }
                if (bias != null) {
                    sum += bias[r];
                    abs += Math.abs(bias[r]);
                }
                u[r] = sum;
                bound[r] = 1e-5 * abs;
                if (best < 0 || sum > u[best]) {
                    second = best;
                    best = r;
                } else if (second < 0 || sum > u[second]) {
                    second = r;
                }
            }
            assertTrue(u[best] - u[second] > bound[best] + bound[second], "near tie in the test data (example " + b
                    + ", step " + step + ", rows " + rows + ", cols " + cols + ", units " + best + " and " + second
                    + "): pick another seed or shape rather than loosen the bound");
        }
    }

    @ParameterizedTest(name = "rows {0}, cols {1}, batch {2}, {3}, bias {4}")
    @CsvSource({"1,1,1,SOFT,false", "5,17,1,ANTI,false", "40,33,8,SOFT,false", "40,33,8,HARD,false",
            "200,784,32,ANTI,false", "13,9,64,HARD,false", "1,31,3,ANTI,false", "67,129,5,SOFT,false",
            "1,1,1,SOFT,true", "1,31,3,HARD,true", "5,17,1,ANTI,true", "40,33,8,SOFT,true", "40,33,8,HARD,true",
            "13,9,64,ANTI,true", "67,129,5,SOFT,true", "200,784,32,ANTI,true"})
    void matchesTheReference(int rows, int cols, int batch, SoftHebbParams.Variant variant, boolean bias) {
        try (SoftHebbRule rule = create(new SoftHebbParams(2.0, 0.05, 0.2, variant, bias))) {
            checkAgainstReference(rule, new Random(rows * 17L + cols + (bias ? 5 : 0)), rows, cols, batch);
        }
    }

    @Test
    void oneInstanceFollowsChangingShapes() {
        Random r = new Random(23);
        try (SoftHebbRule rule = create(new SoftHebbParams(2.0, 0.05, 0.2, SoftHebbParams.Variant.ANTI))) {
            checkAgainstReference(rule, r, 30, 21, 6);
            checkAgainstReference(rule, r, 1, 7, 1);
            checkAgainstReference(rule, r, 77, 130, 19);
            checkAgainstReference(rule, r, 30, 21, 6);
        }
        try (SoftHebbRule rule = create(new SoftHebbParams(2.0, 0.05, 0.2, SoftHebbParams.Variant.HARD, true))) {
            checkAgainstReference(rule, r, 21, 30, 6);
            checkAgainstReference(rule, r, 1, 7, 1);
            checkAgainstReference(rule, r, 21, 30, 6);
        }
    }

    @Test
    void aBiasMustMatchTheParameters() {
        try (SoftHebbRule plain = create(new SoftHebbParams(2.0, 0.05, 0.2, SoftHebbParams.Variant.SOFT));
             SoftHebbRule biased = create(new SoftHebbParams(2.0, 0.05, 0.2, SoftHebbParams.Variant.SOFT, true))) {
            float[] w = new float[6];
            float[] x = new float[2];
            assertThrows(IllegalArgumentException.class, () -> plain.update(w, new float[3], 3, 2, x, 1));
            assertThrows(IllegalArgumentException.class, () -> biased.update(w, 3, 2, x, 1));
            assertThrows(IllegalArgumentException.class, () -> biased.update(w, new float[2], 3, 2, x, 1));
        }
    }

    /**
     * Without input ({@code u = b}) the biases are the only thing that decides {@code y}, and the
     * rule's equilibrium is {@code e^(t b_k) = softmax(t b)_k}, i.e. {@code sum_k e^(t b_k) = 1}:
     * the biases become log-probabilities. With a one-unit layer the bias goes to {@code ln 1 = 0}.
     * A constant rate ({@code powerLr = 0}) and the max-normalised step leave a jitter of
     * {@code lr / t} per step around it.
     */
    @ParameterizedTest(name = "rows {0}")
    @CsvSource({"1", "3"})
    void biasesLearnLogPriors(int rows) {
        int cols = 4;
        int batch = 8;
        SoftHebbParams params = new SoftHebbParams(1.0, 0.005, 0.0, SoftHebbParams.Variant.SOFT, true);
        float[] w = KrotovRuleContractTest.gaussian(new Random(5), rows * cols);
        float[] bias = new float[rows];
        for (int i = 0; i < rows; i++) {
            bias[i] = -0.2f - 0.4f * i;
        }
        float[] x = new float[batch * cols];
        try (SoftHebbRule rule = create(params)) {
            for (int step = 0; step < 1500; step++) {
                rule.update(w, bias, rows, cols, x, batch);
            }
        }
        double sum = 0;
        for (float b : bias) {
            sum += Math.exp(params.tInvert() * b);
        }
        assertEquals(1.0, sum, 0.02, "sum_k e^(t b_k) for biases " + java.util.Arrays.toString(bias));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SOFT", "ANTI"})
    void rowsConvergeToNormOne(SoftHebbParams.Variant variant) {
        Random r = new Random(21);
        int rows = 8;
        int cols = 12;
        int batch = 16;
        float[] w = KrotovRuleContractTest.gaussian(r, rows * cols);
        for (int i = 0; i < w.length; i++) {
            w[i] *= (i / cols) % 2 == 0 ? 0.05f : 0.9f; // some rows well inside, some near or outside the sphere
        }
        try (SoftHebbRule rule = create(new SoftHebbParams(1.0, 0.05, 0.5, variant))) {
            for (int step = 0; step < 4000; step++) {
                rule.update(w, rows, cols, KrotovRuleContractTest.uniform(r, batch * cols), batch);
            }
        }
        for (int row = 0; row < rows; row++) {
            double sq = 0;
            for (int c = 0; c < cols; c++) {
                sq += w[row * cols + c] * w[row * cols + c];
            }
            assertEquals(1.0, Math.sqrt(sq), 0.05, "row " + row + " norm");
        }
    }
}

class JavaSoftHebbRuleTest extends SoftHebbRuleContractTest {
    @Override
    SoftHebbRule create(SoftHebbParams params) {
        return new JavaSoftHebbRule(params);
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Random r = new Random(8);
        float[] w1 = KrotovRuleContractTest.gaussian(r, 90 * 50);
        float[] w4 = w1.clone();
        float[] x = KrotovRuleContractTest.uniform(r, 16 * 50);
        SoftHebbParams p = SoftHebbParams.mnistPreset();
        new JavaSoftHebbRule(p, new ParallelLoop(1)).update(w1, 90, 50, x, 16);
        new JavaSoftHebbRule(p, new ParallelLoop(4)).update(w4, 90, 50, x, 16);
        assertArrayEquals(w1, w4);
    }

    @Test
    void theFactoryGivesTheSelectedBackend() {
        SoftHebbParams params = SoftHebbParams.mnistPreset();
        BackendSelection reference = new BackendSelection(BackendRequest.JAVA, Backend.REFERENCE, null, "cpu", "");
        assertInstanceOf(ReferenceSoftHebbRule.class, Kernels.of(reference).softHebb(params));
        assertInstanceOf(JavaSoftHebbRule.class, Kernels.java().softHebb(params));
    }
}

@Tag("opencl")
class OpenClSoftHebbRuleTest extends SoftHebbRuleContractTest {
    @Override
    SoftHebbRule create(SoftHebbParams params) {
        return new OpenClSoftHebbRule(params, OpenClTestSupport.device());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SOFT", "HARD", "ANTI"})
    void reallyRunsAsOpenCl(SoftHebbParams.Variant variant) {
        SoftHebbParams params = new SoftHebbParams(2.0, 0.05, 0.2, variant);
        try (OpenClSoftHebbRule rule = new OpenClSoftHebbRule(params, OpenClTestSupport.device())) {
            float[] w = {1, 0, 0, 1, 0.5f, 0.5f};
            float[] x = {1, 0.25f};
            float[] expected = w.clone();
            new ReferenceSoftHebbRule(params).update(expected, 3, 2, x, 1);
            rule.update(w, 3, 2, x, 1);
            assertTrue(rule.isRunningCL(), "every kernel must run as OpenCL, not as a Java-thread fallback");
            assertArrayEquals(expected, w, 1e-6f);
        }
    }

    @Test
    void theFactoryGivesTheOpenClRule() {
        OpenClTestSupport.device(); // skips (or fails where OpenCL is required) without a device
        try (SoftHebbRule rule = Kernels.of(BackendSelection.select(BackendRequest.OPENCL)).softHebb(SoftHebbParams.mnistPreset())) {
            assertInstanceOf(OpenClSoftHebbRule.class, rule);
            assertEquals(Backend.OPENCL, rule.backend());
        }
    }
}
