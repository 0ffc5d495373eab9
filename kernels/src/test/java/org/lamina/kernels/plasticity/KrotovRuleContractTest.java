package org.lamina.kernels.plasticity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import org.lamina.kernels.dynamics.SettleParams;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Every Krotov implementation against the double-precision reference on random shapes from
 * fixed seeds (N = k, B = 1, sizes that are not multiples of the vector width), one instance
 * following changing shapes, and the rule's defining properties: only rows ranked 1 or k change,
 * and updated rows converge to the unit p-sphere. Bound: {@code 1e-5} relative on
 * {@code max|dW|} and on every weight (float accumulation against double).
 *
 * <p>The implementations rank float currents, the reference double ones; a near tie between the
 * ranks 1 and 2 or k and k ± 1 can flip and change whole rows. The shapes and seeds below have a
 * clear margin in every example and step on every backend; should a change of shapes or seeds hit
 * a tie, pick another seed rather than loosen the bound.
 */
abstract class KrotovRuleContractTest {

    abstract KrotovRule create(KrotovParams params);

    abstract KrotovRule create(KrotovParams params, KrotovActivity activity);

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

    /** Five steps of one instance (its buffers and caches must stay right) against the reference. */
    static void checkAgainstReference(KrotovRule rule, Random r, int rows, int cols, int batch) {
        float[] w = gaussian(r, rows * cols);
        float[] wRef = w.clone();
        ReferenceKrotovRule reference = new ReferenceKrotovRule(rule.params());
        for (int step = 0; step < 5; step++) {
            float[] v = uniform(r, batch * cols);
            assertClearRanks(rule.params(), wRef, rows, cols, v, batch, step);
            double maxRef = reference.update(wRef, rows, cols, v, batch, 0.05);
            double max = rule.update(w, rows, cols, v, batch, 0.05);
            String where = " at step " + step + " (rows " + rows + ", cols " + cols + ", batch " + batch + ")";
            assertEquals(maxRef, max, 1e-5 * maxRef, "max |dW|" + where);
            for (int j = 0; j < w.length; j++) {
                assertEquals(wRef[j], w[j], 1e-5 * Math.max(1, Math.abs(wRef[j])), "weight " + j + where);
            }
        }
    }

    /**
     * The test's own precondition, not a property of the rule: in every example the reference's
     * ranks 1 and k are separated from their neighbours by more than the float error bounds of the
     * two currents ({@code 1e-5 · sum_i |t_i v_i|} each, as for the product), so float currents on
     * any backend must rank the same units.
     */
    static void assertClearRanks(KrotovParams params, float[] w, int rows, int cols, float[] v, int batch, int step) {
        int k = params.k();
        for (int b = 0; b < batch; b++) {
            double[] current = new double[rows];
            double[] bound = new double[rows];
            Integer[] order = new Integer[rows];
            for (int mu = 0; mu < rows; mu++) {
                double sum = 0;
                double abs = 0;
                for (int i = 0; i < cols; i++) {
                    double x = w[mu * cols + i];
                    double t = Math.signum(x) * Math.pow(Math.abs(x), params.p() - 1);
                    sum += t * v[b * cols + i];
                    abs += Math.abs(t * v[b * cols + i]);
                }
                current[mu] = sum;
                bound[mu] = 1e-5 * abs;
                order[mu] = mu;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(current[y], current[x]));
            for (int rank : new int[] {0, k - 1}) { // 0-based positions in descending order
                for (int next : new int[] {rank - 1, rank + 1}) {
                    if (next < 0 || next >= rows) {
                        continue;
                    }
                    int a = order[rank];
                    int c = order[next];
                    double margin = Math.abs(current[a] - current[c]);
                    assertTrue(margin > bound[a] + bound[c], "near tie in the test data (example " + b + ", step "
                            + step + ", rows " + rows + ", cols " + cols + ", units " + a + " and " + c + ": margin "
                            + margin + ", error bounds " + bound[a] + " + " + bound[c]
                            + "): pick another seed or shape rather than loosen the bound");
                }
            }
        }
    }

    @ParameterizedTest(name = "rows {0}, cols {1}, batch {2}, p {3}, k {4}")
    @CsvSource({"7,5,1,2,7", "2,1,1,2,2", "50,33,10,3,7", "200,784,16,3,7", "37,17,3,2.5,3", "100,100,100,4,2",
            "9,31,1,3,9", "129,65,7,3,7"})
    void matchesTheReference(int rows, int cols, int batch, double p, int k) {
        try (KrotovRule rule = create(new KrotovParams(p, k, 0.4, 1e-30))) {
            checkAgainstReference(rule, new Random(rows * 31L + cols), rows, cols, batch);
        }
    }

    /**
     * Dynamics-driven updates against the reference: the exact ReLU steady state and the
     * integrated ODE, absolute and relative h*. The test's precondition: no unit's settled h (of
     * the reference's float currents) lies within the float error of 0 or of h*, so every backend
     * forms the same sets.
     */
    @ParameterizedTest(name = "rows {0}, cols {1}, batch {2}, w {3}, h* {4} (relative {5}), exact {6}")
    @CsvSource({"40,30,5,0.1,0.5,true,true", "60,20,8,0.05,0.3,true,false", "25,17,3,0.3,0.2,false,true",
            "50,40,6,1.5,1.0,true,true", "33,50,4,0.2,0.7,true,false"})
    void dynamicsMatchTheReference(int rows, int cols, int batch, double w, double hStar, boolean relative,
                                   boolean exact) {
        KrotovParams params = new KrotovParams(3, 4, 0.4, 1e-30);
        KrotovActivity.Dynamics activity = new KrotovActivity.Dynamics(
                new SettleParams(w, 10, 0.05, 1, "euler", 1e-3, 100_000), hStar, relative, exact);
        Random r = new Random(rows * 7L + cols);
        float[] w0 = gaussian(r, rows * cols);
        float[] wRef = w0.clone();
        float[] wFast = w0.clone();
        ReferenceKrotovRule reference = new ReferenceKrotovRule(params, activity);
        try (KrotovRule rule = create(params, activity)) {
            for (int step = 0; step < 3; step++) {
                float[] v = uniform(r, batch * cols);
                double maxRef = reference.update(wRef, rows, cols, v, batch, 0.05);
                double max = rule.update(wFast, rows, cols, v, batch, 0.05);
                String where = " at step " + step;
                assertEquals(maxRef, max, 1e-4 * maxRef, "max |dW|" + where);
                for (int j = 0; j < wRef.length; j++) {
                    assertEquals(wRef[j], wFast[j], 1e-4 * Math.max(1, Math.abs(wRef[j])), "weight " + j + where);
                }
                KrotovRule.SignalStats a = reference.lastStats();
                KrotovRule.SignalStats b = rule.lastStats();
                assertEquals(a.hebbian(), b.hebbian(), 1e-12, "Hebbian set sizes" + where);
                assertEquals(a.antiHebbian(), b.antiHebbian(), 1e-12, "anti-Hebbian set sizes" + where);
                assertEquals(a.top1Agreement(), b.top1Agreement(), 1e-12, where);
                assertEquals(a.kthOverlap(), b.kthOverlap(), 1e-12, where);
                assertTrue(b.hebbian() >= 1 && b.settled() == 1, b + where);
                int[] winners = new int[batch];
                int[] winnersRef = new int[batch];
                rule.lastWinners(winners);
                reference.lastWinners(winnersRef);
                assertArrayEquals(winnersRef, winners, where);
            }
        }
    }

    /**
     * With no anti-Hebbian strength and inhibition strong enough that one unit wins alone, the
     * settled dynamics' Hebbian set is the shortcut's top unit, so the two give the same weights.
     */
    @ParameterizedTest(name = "exact {0}")
    @CsvSource({"true", "false"})
    void dynamicsThatReproduceTheRanksGiveTheShortcutsWeights(boolean exact) {
        KrotovParams params = new KrotovParams(3, 5, 0, 1e-30);
        KrotovActivity.Dynamics winnerAlone = new KrotovActivity.Dynamics(
                new SettleParams(2, 10, 0.05, 1, "euler", 1e-5, 100_000), 1.0, true, exact);
        Random r = new Random(23);
        float[] ranked = gaussian(r, 80 * 30);
        float[] settled = ranked.clone();
        try (KrotovRule a = create(params); KrotovRule b = create(params, winnerAlone)) {
            for (int step = 0; step < 5; step++) {
                float[] v = uniform(r, 10 * 30);
                a.update(ranked, 80, 30, v, 10, 0.05);
                b.update(settled, 80, 30, v, 10, 0.05);
                assertEquals(1.0, b.lastStats().top1Agreement(), "step " + step);
            }
        }
        assertArrayEquals(ranked, settled);
    }

    /**
     * An update from currents computed elsewhere (as a layer accumulates them from spike events)
     * equals the update that computes them, with either signal; wrong currents change the result.
     */
    @ParameterizedTest(name = "dynamics {0}")
    @CsvSource({"false", "true"})
    void givenCurrentsGiveTheSameUpdate(boolean dynamics) {
        KrotovParams params = new KrotovParams(3, 4, 0.4, 1e-30);
        KrotovActivity activity = dynamics ? new KrotovActivity.Dynamics(
                new SettleParams(0.8, 10, 0.05, 1, "euler", 1e-3, 100_000), 0.5, true, true) : KrotovActivity.RANKING;
        int rows = 60;
        int cols = 40;
        int batch = 6;
        Random r = new Random(41);
        float[] computed = gaussian(r, rows * cols);
        float[] given = computed.clone();
        float[] shuffled = computed.clone();
        try (KrotovRule a = create(params, activity); KrotovRule b = create(params, activity);
             KrotovRule c = create(params, activity)) {
            for (int step = 0; step < 3; step++) {
                float[] v = uniform(r, batch * cols);
                float[] currents = new float[batch * rows];
                for (int bi = 0; bi < batch; bi++) {
                    for (int mu = 0; mu < rows; mu++) {
                        double sum = 0;
                        for (int i = 0; i < cols; i++) {
                            double x = given[mu * cols + i];
                            sum += Math.signum(x) * x * x * v[bi * cols + i];
                        }
                        currents[bi * rows + mu] = (float) sum;
                    }
                }
                double maxComputed = a.update(computed, rows, cols, v, batch, 0.05);
                double maxGiven = b.update(given, rows, cols, v, batch, 0.05, currents);
                assertEquals(maxComputed, maxGiven, 1e-4 * maxComputed, "max |dW| at step " + step);
                for (int j = 0; j < computed.length; j++) {
                    assertEquals(computed[j], given[j], 1e-4 * Math.max(1, Math.abs(computed[j])), "weight " + j);
                }
                float[] reversed = new float[currents.length]; // each example's currents in reverse unit order
                for (int bi = 0; bi < batch; bi++) {
                    for (int mu = 0; mu < rows; mu++) {
                        reversed[bi * rows + mu] = currents[bi * rows + rows - 1 - mu];
                    }
                }
                c.update(shuffled, rows, cols, v, batch, 0.05, reversed);
            }
        }
        assertTrue(!java.util.Arrays.equals(given, shuffled), "the given currents are used");
        try (KrotovRule rule = create(params, activity)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> rule.update(given.clone(), rows, cols, new float[batch * cols], batch, 0.05, new float[5]));
            assertTrue(e.getMessage().contains("batch * rows = 360"), e.getMessage());
        }
    }

    @Test
    void oneInstanceFollowsChangingShapes() {
        Random r = new Random(17);
        try (KrotovRule rule = create(new KrotovParams(3, 3, 0.4, 1e-30))) {
            checkAgainstReference(rule, r, 40, 23, 6);
            checkAgainstReference(rule, r, 3, 9, 1);
            checkAgainstReference(rule, r, 61, 130, 20);
            checkAgainstReference(rule, r, 40, 23, 6);
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
        try (KrotovRule rule = create(new KrotovParams(2, 5, 0.4, 1e-30))) {
            rule.update(w, rows, cols, uniform(r, batch * cols), batch, 0.1);
        }
        int changed = 0;
        for (int mu = 0; mu < rows; mu++) {
            boolean same = java.util.Arrays.equals(java.util.Arrays.copyOfRange(w, mu * cols, (mu + 1) * cols),
                    java.util.Arrays.copyOfRange(before, mu * cols, (mu + 1) * cols));
            changed += same ? 0 : 1;
        }
        assertTrue(changed >= 1 && changed <= 2 * batch, "changed rows: " + changed);
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
        try (KrotovRule rule = create(new KrotovParams(p, 2, 0.4, 1e-30))) {
            int epochs = 3000;
            for (int e = 0; e < epochs; e++) {
                rule.update(w, rows, cols, uniform(r, batch * cols), batch, KrotovParams.annealedRate(0.02, e, epochs));
            }
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

class JavaKrotovRuleTest extends KrotovRuleContractTest {
    @Override
    KrotovRule create(KrotovParams params) {
        return new JavaKrotovRule(params);
    }

    @Override
    KrotovRule create(KrotovParams params, KrotovActivity activity) {
        return new JavaKrotovRule(params, activity);
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

    @Test
    void theFactoryGivesTheSelectedBackend() {
        KrotovParams params = KrotovParams.paper();
        BackendSelection reference = new BackendSelection(BackendRequest.JAVA, Backend.REFERENCE, null, "cpu", "");
        assertInstanceOf(ReferenceKrotovRule.class, Kernels.of(reference).krotov(params));
        assertInstanceOf(JavaKrotovRule.class, Kernels.java().krotov(params));
    }
}

@Tag("opencl")
class OpenClKrotovRuleTest extends KrotovRuleContractTest {
    @Override
    KrotovRule create(KrotovParams params) {
        return new OpenClKrotovRule(params, OpenClTestSupport.device());
    }

    @Override
    KrotovRule create(KrotovParams params, KrotovActivity activity) {
        return new OpenClKrotovRule(params, activity, OpenClTestSupport.device());
    }

    @ParameterizedTest(name = "p = {0}")
    @CsvSource({"2", "3", "2.5"})
    void reallyRunsAsOpenCl(double p) {
        try (OpenClKrotovRule rule = new OpenClKrotovRule(new KrotovParams(p, 2, 0.4, 1e-30), OpenClTestSupport.device())) {
            float[] w = {1, 0, 0, 1, 0.5f, 0.5f};
            float[] expected = w.clone();
            new ReferenceKrotovRule(rule.params()).update(expected, 3, 2, new float[] {1, 0}, 1, 0.1);
            rule.update(w, 3, 2, new float[] {1, 0}, 1, 0.1);
            assertTrue(rule.isRunningCL(), "every kernel must run as OpenCL, not as a Java-thread fallback");
            assertArrayEquals(expected, w, 1e-6f);
        }
    }

    @Test
    void theFactoryGivesTheOpenClRule() {
        OpenClTestSupport.device(); // skips (or fails where OpenCL is required) without a device
        BackendSelection cl = BackendSelection.select(BackendRequest.OPENCL);
        try (KrotovRule rule = Kernels.of(cl).krotov(KrotovParams.paper())) {
            assertInstanceOf(OpenClKrotovRule.class, rule);
            assertEquals(Backend.OPENCL, rule.backend());
        }
    }
}
