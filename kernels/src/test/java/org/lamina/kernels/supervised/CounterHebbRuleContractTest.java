package org.lamina.kernels.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Every Counter-Hebb implementation against the double-precision reference on random shapes
 * from fixed seeds (1 post row, 1 example, pre sizes that are not multiples of the vector
 * width), one instance following the changing shapes, for both batch reductions. Bound:
 * {@code 1e-5 · reduce_b |delta_bi a_bj|}.
 */
abstract class CounterHebbRuleContractTest {
    static final double RELATIVE_BOUND = 1e-5;

    abstract CounterHebbRule create();

    record Shape(int post, int pre, int batch) {
    }

    static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>(List.of(new Shape(1, 1, 1), new Shape(1, 784, 1), new Shape(500, 784, 20),
                new Shape(10, 500, 64), new Shape(7, 17, 5), new Shape(4, 15, 3), new Shape(5, 16, 2), new Shape(3, 33, 1),
                new Shape(6, 2100, 3))); // more than one column chunk of the product at any vector width
        Random r = new Random(13);
        for (int i = 0; i < 10; i++) {
            s.add(new Shape(1 + r.nextInt(120), 1 + r.nextInt(200), 1 + r.nextInt(70)));
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(BatchReduction.class)
    void matchesTheReference(BatchReduction reduction) {
        Random r = new Random(17 + reduction.ordinal());
        CounterHebbRule reference = new ReferenceCounterHebbRule();
        try (CounterHebbRule rule = create()) { // one instance: its range must follow the shapes
            for (Shape s : shapes()) {
                float[] delta = ErrorPropagationContractTest.gaussian(r, s.batch() * s.post());
                float[] a = ErrorPropagationContractTest.activity(r, Activation.RELU, s.batch() * s.pre());
                float[] expected = new float[s.post() * s.pre()];
                float[] actual = new float[s.post() * s.pre()];
                Arrays.fill(actual, Float.NaN); // every element must be written
                reference.gradient(delta, s.post(), a, s.pre(), s.batch(), reduction, expected);
                rule.gradient(delta, s.post(), a, s.pre(), s.batch(), reduction, actual);
                for (int i = 0; i < s.post(); i++) {
                    for (int j = 0; j < s.pre(); j++) {
                        double scale = 0;
                        for (int b = 0; b < s.batch(); b++) {
                            scale += Math.abs((double) delta[b * s.post() + i] * a[b * s.pre() + j]);
                        }
                        scale *= reduction.factor(s.batch());
                        int o = i * s.pre() + j;
                        assertEquals(expected[o], actual[o], RELATIVE_BOUND * scale + 1e-30, s + " at " + i + ", " + j);
                    }
                }
            }
        }
    }

    /** This backend's MEAN and the reference's are the SUM over the batch size. */
    @Test
    void meanIsTheSumDividedByTheBatch() {
        Random r = new Random(2);
        float[] delta = ErrorPropagationContractTest.gaussian(r, 8 * 3);
        float[] a = ErrorPropagationContractTest.gaussian(r, 8 * 5);
        try (CounterHebbRule rule = create()) {
            for (CounterHebbRule checked : List.of(new ReferenceCounterHebbRule(), rule)) {
                float[] sum = new float[15];
                float[] mean = new float[15];
                checked.gradient(delta, 3, a, 5, 8, BatchReduction.SUM, sum);
                checked.gradient(delta, 3, a, 5, 8, BatchReduction.MEAN, mean);
                for (int i = 0; i < sum.length; i++) {
                    assertEquals(sum[i] / 8, mean[i], 1e-7 * Math.abs(sum[i]), checked.backend() + " at " + i);
                }
            }
        }
    }

    @Test
    void shapesAreChecked() {
        try (CounterHebbRule rule = create()) {
            assertThrows(IllegalArgumentException.class,
                    () -> rule.gradient(new float[6], 3, new float[4], 2, 2, BatchReduction.SUM, new float[5]));
            assertThrows(IllegalArgumentException.class,
                    () -> rule.gradient(new float[6], 3, new float[5], 2, 2, BatchReduction.SUM, new float[6]));
        }
    }
}

class JavaCounterHebbRuleTest extends CounterHebbRuleContractTest {
    @Override
    CounterHebbRule create() {
        return new JavaCounterHebbRule();
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Random r = new Random(4);
        int post = 37;
        int pre = 2100;
        int batch = 13;
        float[] delta = ErrorPropagationContractTest.gaussian(r, batch * post);
        float[] a = ErrorPropagationContractTest.gaussian(r, batch * pre);
        float[] one = new float[post * pre];
        float[] four = new float[post * pre];
        new JavaCounterHebbRule(new ParallelLoop(1)).gradient(delta, post, a, pre, batch, BatchReduction.MEAN, one);
        new JavaCounterHebbRule(new ParallelLoop(4)).gradient(delta, post, a, pre, batch, BatchReduction.MEAN, four);
        assertArrayEquals(one, four);
    }

    @Test
    void theBiasGradientReducesTheErrorOverTheBatch() {
        float[] delta = {1f, 2f, 3f, -4f, 5f, 6f}; // 3 examples × 2 units
        float[] db = new float[2];
        CounterHebbRule.biasGradient(delta, 2, 3, BatchReduction.SUM, db);
        assertArrayEquals(new float[] {9f, 4f}, db);
        CounterHebbRule.biasGradient(delta, 2, 3, BatchReduction.MEAN, db);
        assertArrayEquals(new float[] {3f, 4f / 3}, db);
    }

    @Test
    void theFactoryGivesTheSelectedBackend() {
        assertInstanceOf(ReferenceCounterHebbRule.class, Kernels.of(OpenClTestSupport.reference()).counterHebb());
        assertInstanceOf(JavaCounterHebbRule.class, Kernels.java().counterHebb());
    }
}

@Tag("opencl")
class OpenClCounterHebbRuleTest extends CounterHebbRuleContractTest {
    @Override
    CounterHebbRule create() {
        return new OpenClCounterHebbRule(OpenClTestSupport.device());
    }

    @Test
    void reallyRunsAsOpenCl() {
        try (OpenClCounterHebbRule rule = new OpenClCounterHebbRule(OpenClTestSupport.device())) {
            float[] dw = new float[6];
            // 2 examples, 2 post × 3 pre: dW = delta^T a / 2
            rule.gradient(new float[] {1, 2, 3, 4}, 2, new float[] {1, 0, 2, 1, 1, 0}, 3, 2, BatchReduction.MEAN, dw);
            assertTrue(rule.isRunningCL(), "the kernel must run as OpenCL, not as a Java-thread fallback");
            assertArrayEquals(new float[] {2, 1.5f, 1, 3, 2, 2}, dw);
        }
    }

    @Test
    void theFactoryGivesTheOpenClRule() {
        try (CounterHebbRule rule = Kernels.of(OpenClTestSupport.selection()).counterHebb()) {
            assertInstanceOf(OpenClCounterHebbRule.class, rule);
            assertEquals(Backend.OPENCL, rule.backend());
        }
    }
}
