package org.lamina.kernels.plasticity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * The Java Krotov rule against the double-precision reference on random shapes from fixed
 * seeds (N = k, B = 1, sizes that are not multiples of the vector width), and the rule's
 * defining property: updated rows converge to the unit p-sphere.
 */
class KrotovRuleContractTest {

    static float[] gaussian(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static float[] uniform(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    @ParameterizedTest(name = "rows {0}, cols {1}, batch {2}, p {3}, k {4}")
    @CsvSource({"7,5,1,2,7", "2,1,1,2,2", "50,33,10,3,7", "200,784,16,3,7", "37,17,3,2.5,3", "100,100,100,4,2"})
    void javaMatchesTheReference(int rows, int cols, int batch, double p, int k) {
        Random r = new Random(rows * 31L + cols);
        KrotovParams params = new KrotovParams(p, k, 0.4, 1e-30);
        float[] w = gaussian(r, rows * cols);
        float[] wRef = w.clone();
        ReferenceKrotovRule reference = new ReferenceKrotovRule(params);
        JavaKrotovRule rule = new JavaKrotovRule(params); // one instance: its overlap cache must stay right
        for (int step = 0; step < 5; step++) {
            float[] v = uniform(r, batch * cols);
            double maxRef = reference.update(wRef, rows, cols, v, batch, 0.05);
            double maxJava = rule.update(w, rows, cols, v, batch, 0.05);
            assertEquals(maxRef, maxJava, 1e-5 * maxRef, "max |dW| at step " + step);
            for (int j = 0; j < w.length; j++) {
                assertEquals(wRef[j], w[j], 1e-5 * Math.max(1, Math.abs(wRef[j])), "weight " + j + " at step " + step);
            }
        }
    }

    @Test
    void onlyRowsRankedFirstOrKthChange() {
        Random r = new Random(9);
        int rows = 300;
        int cols = 20;
        int batch = 4;
        float[] w = gaussian(r, rows * cols);
        float[] before = w.clone();
        new JavaKrotovRule(new KrotovParams(2, 5, 0.4, 1e-30)).update(w, rows, cols, uniform(r, batch * cols), batch, 0.1);
        int changed = 0;
        for (int mu = 0; mu < rows; mu++) {
            boolean same = java.util.Arrays.equals(java.util.Arrays.copyOfRange(w, mu * cols, (mu + 1) * cols),
                    java.util.Arrays.copyOfRange(before, mu * cols, (mu + 1) * cols));
            changed += same ? 0 : 1;
        }
        assertTrue(changed >= 1 && changed <= 2 * batch, "changed rows: " + changed);
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Random r = new Random(4);
        float[] w1 = gaussian(r, 120 * 40);
        float[] w4 = w1.clone();
        float[] v = uniform(r, 30 * 40);
        KrotovParams params = new KrotovParams(3, 4, 0.4, 1e-30);
        new JavaKrotovRule(params, new ParallelLoop(1)).update(w1, 120, 40, v, 30, 0.02);
        new JavaKrotovRule(params, new ParallelLoop(4)).update(w4, 120, 40, v, 30, 0.02);
        assertArrayEquals(w1, w4);
    }

    /** Rows that keep winning converge to p-norm 1 (the rule's fixed point, R = 1). */
    @ParameterizedTest(name = "p = {0}")
    @CsvSource({"2", "3"})
    void winningRowsConvergeToTheUnitPSphere(double p) {
        Random r = new Random(12);
        int rows = 6;
        int cols = 10;
        int batch = 20;
        float[] w = gaussian(r, rows * cols);
        for (int i = 0; i < w.length; i++) {
            w[i] *= 0.2f; // start well inside the sphere
        }
        JavaKrotovRule rule = new JavaKrotovRule(new KrotovParams(p, 2, 0.4, 1e-30));
        int epochs = 3000;
        for (int e = 0; e < epochs; e++) {
            rule.update(w, rows, cols, uniform(r, batch * cols), batch, KrotovParams.annealedRate(0.02, e, epochs));
        }
        for (int mu = 0; mu < rows; mu++) {
            double norm = 0;
            for (int i = 0; i < cols; i++) {
                norm += Math.pow(Math.abs(w[mu * cols + i]), p);
            }
            norm = Math.pow(norm, 1 / p);
            assertEquals(1.0, norm, 0.05, "row " + mu + " p-norm");
        }
    }
}
