package org.lamina.kernels.plasticity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * The Java SoftHebb rule against the double-precision reference on random shapes (every
 * variant), thread-count independence, and the property the radius-dependent rate exists for:
 * rows converge to norm 1.
 */
class SoftHebbRuleContractTest {

    @ParameterizedTest(name = "rows {0}, cols {1}, batch {2}, {3}")
    @CsvSource({"1,1,1,SOFT", "5,17,1,ANTI", "40,33,8,SOFT", "40,33,8,HARD", "200,784,32,ANTI", "13,9,64,HARD"})
    void javaMatchesTheReference(int rows, int cols, int batch, SoftHebbParams.Variant variant) {
        Random r = new Random(rows * 17L + cols);
        SoftHebbParams params = new SoftHebbParams(2.0, 0.05, 0.2, variant);
        float[] w = KrotovRuleContractTest.gaussian(r, rows * cols);
        for (int i = 0; i < w.length; i++) {
            w[i] *= 0.3f;
        }
        float[] wRef = w.clone();
        ReferenceSoftHebbRule reference = new ReferenceSoftHebbRule(params);
        JavaSoftHebbRule rule = new JavaSoftHebbRule(params);
        for (int step = 0; step < 4; step++) {
            float[] x = KrotovRuleContractTest.uniform(r, batch * cols);
            double maxRef = reference.update(wRef, rows, cols, x, batch);
            double maxJava = rule.update(w, rows, cols, x, batch);
            assertEquals(maxRef, maxJava, 1e-5 * maxRef + 1e-30, "max |dW| at step " + step);
            for (int j = 0; j < w.length; j++) {
                assertEquals(wRef[j], w[j], 1e-5 * Math.max(1, Math.abs(wRef[j])), "weight " + j + " at step " + step);
            }
        }
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
        JavaSoftHebbRule rule = new JavaSoftHebbRule(new SoftHebbParams(1.0, 0.05, 0.5, variant));
        for (int step = 0; step < 4000; step++) {
            rule.update(w, rows, cols, KrotovRuleContractTest.uniform(r, batch * cols), batch);
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
