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
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Every error propagation against the double-precision reference for every mode and activation
 * on random shapes from fixed seeds (1 row, 1 example, sizes that are not multiples of the
 * vector width), one instance following the changing shapes. Bound:
 * {@code 1e-5 · sum_k |F_tk e_bk| · |f'(a_bt)|}, float32 accumulation in any order against the
 * double sum. Also the modes that reduce to backprop exactly when their feedback matrix is the
 * forward one.
 */
abstract class ErrorPropagationContractTest {
    static final double RELATIVE_BOUND = 1e-5;

    abstract ErrorPropagation create(ErrorFeedback feedback);

    record Shape(int rows, int cols, int batch) {
    }

    static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>(List.of(new Shape(1, 1, 1), new Shape(1, 33, 1), new Shape(33, 1, 3),
                new Shape(10, 784, 2), new Shape(17, 15, 5), new Shape(64, 100, 20),
                new Shape(3, 2100, 6), new Shape(2100, 3, 6))); // more than one column chunk of the product
        Random r = new Random(11);
        for (int i = 0; i < 8; i++) {
            s.add(new Shape(1 + r.nextInt(150), 1 + r.nextInt(150), 1 + r.nextInt(40)));
        }
        return s;
    }

    static Stream<Arguments> feedbacks() {
        return Stream.of(ErrorFeedback.Mode.values()).flatMap(m -> Stream.of(Activation.values())
                .map(a -> Arguments.of(new ErrorFeedback(m, a, m == ErrorFeedback.Mode.SIGN_SYMMETRY ? 0.37 : 1))));
    }

    static float[] gaussian(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** A layer's activity: ReLU outputs (about half exactly 0), tanh outputs, or any value. */
    static float[] activity(Random r, Activation f, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) f.apply(r.nextGaussian());
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feedbacks")
    void matchesTheReference(ErrorFeedback feedback) {
        Random r = new Random(feedback.mode().ordinal() * 7L + feedback.activation().ordinal());
        ErrorPropagation reference = new ReferenceErrorPropagation(feedback);
        boolean direct = feedback.mode() == ErrorFeedback.Mode.DFA;
        try (ErrorPropagation propagation = create(feedback)) { // one instance: its buffers must follow the shapes
            for (Shape s : shapes()) {
                int nError = direct ? s.cols() : s.rows();
                int nTarget = direct ? s.rows() : s.cols();
                float[] m = gaussian(r, s.rows() * s.cols());
                m[0] = 0f; // sign(0) = 0 for sign symmetry
                float[] e = gaussian(r, s.batch() * nError);
                float[] a = activity(r, feedback.activation(), s.batch() * nTarget);
                float[] expected = new float[s.batch() * nTarget];
                float[] actual = new float[s.batch() * nTarget];
                Arrays.fill(actual, Float.NaN); // every element must be written
                reference.propagate(m, s.rows(), s.cols(), e, a, s.batch(), expected);
                propagation.propagate(m, s.rows(), s.cols(), e, a, s.batch(), actual);
                for (int b = 0; b < s.batch(); b++) {
                    for (int t = 0; t < nTarget; t++) {
                        double scale = 0;
                        for (int k = 0; k < nError; k++) {
                            float f = m[direct ? t * s.cols() + k : k * s.cols() + t];
                            double fk = feedback.mode() == ErrorFeedback.Mode.SIGN_SYMMETRY
                                    ? feedback.signScale() * Math.abs(Math.signum(f)) : f;
                            scale += Math.abs(fk * e[b * nError + k]);
                        }
                        int o = b * nTarget + t;
                        scale *= Math.abs(feedback.activation().derivative((double) a[o]));
                        assertEquals(expected[o], actual[o], RELATIVE_BOUND * scale + 1e-30,
                                s + " at example " + b + ", unit " + t);
                    }
                }
            }
        }
    }

    /** The modes share backprop's arithmetic, so with backprop's matrix they give its bytes, here and in the reference. */
    @Test
    void everyModeIsBackpropWhenItsFeedbackIsTheForwardWeights() {
        assertEveryModeIsBackprop(ReferenceErrorPropagation::new);
        assertEveryModeIsBackprop(this::create);
    }

    static void assertEveryModeIsBackprop(Function<ErrorFeedback, ErrorPropagation> factory) {
        Random r = new Random(3);
        int post = 10; // the output layer, whose error DFA takes directly
        int pre = 37;
        int batch = 6;
        float s = 0.25f;
        float[] w = new float[post * pre];
        for (int i = 0; i < w.length; i++) {
            w[i] = s * (r.nextInt(3) - 1); // entries in {-s, 0, s}: then s · sign(W) = W
        }
        float[] wT = new float[pre * post];
        for (int i = 0; i < post; i++) {
            for (int j = 0; j < pre; j++) {
                wT[j * post + i] = w[i * pre + j];
            }
        }
        float[] delta = gaussian(r, batch * post);
        float[] a = activity(r, Activation.RELU, batch * pre);
        float[] bp = new float[batch * pre];
        float[] other = new float[batch * pre];
        propagate(factory, ErrorFeedback.backprop(Activation.RELU), w, post, pre, delta, a, batch, bp);
        propagate(factory, ErrorFeedback.feedbackAlignment(Activation.RELU), w.clone(), post, pre, delta, a, batch,
                other);
        assertArrayEquals(bp, other, "FA with B = W");
        propagate(factory, ErrorFeedback.signSymmetry(Activation.RELU, s), w, post, pre, delta, a, batch, other);
        assertArrayEquals(bp, other, "sign symmetry with W = s · sign(W)");
        propagate(factory, ErrorFeedback.direct(Activation.RELU), wT, pre, post, delta, a, batch, other);
        assertArrayEquals(bp, other, "DFA with B = W^T for the layer below the output");
    }

    private static void propagate(Function<ErrorFeedback, ErrorPropagation> factory, ErrorFeedback feedback,
                                  float[] matrix, int rows, int cols, float[] error, float[] activity, int batch,
                                  float[] out) {
        try (ErrorPropagation p = factory.apply(feedback)) {
            p.propagate(matrix, rows, cols, error, activity, batch, out);
        }
    }

    @Test
    void shapesAreChecked() {
        try (ErrorPropagation p = create(ErrorFeedback.direct(Activation.TANH))) {
            float[] b = new float[6]; // 3 × 2: the error has 2 units, the target 3
            assertThrows(IllegalArgumentException.class,
                    () -> p.propagate(b, 3, 2, new float[3], new float[3], 1, new float[3]));
            p.propagate(b, 3, 2, new float[2], new float[3], 1, new float[3]);
        }
        assertThrows(IllegalArgumentException.class, () -> new ErrorFeedback(ErrorFeedback.Mode.BP, Activation.RELU, 0));
        assertThrows(IllegalArgumentException.class, () -> ErrorFeedback.signSymmetry(Activation.RELU, Double.NaN));
    }
}

class JavaErrorPropagationTest extends ErrorPropagationContractTest {
    @Override
    ErrorPropagation create(ErrorFeedback feedback) {
        return new JavaErrorPropagation(feedback);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feedbacks")
    void theResultDoesNotDependOnTheThreadCount(ErrorFeedback feedback) {
        Random r = new Random(5);
        int rows = 70;
        int cols = 2100;
        int batch = 9;
        boolean direct = feedback.mode() == ErrorFeedback.Mode.DFA;
        float[] m = gaussian(r, rows * cols);
        float[] e = gaussian(r, batch * (direct ? cols : rows));
        float[] a = activity(r, feedback.activation(), batch * (direct ? rows : cols));
        float[] one = new float[a.length];
        float[] four = new float[a.length];
        new JavaErrorPropagation(feedback, new ParallelLoop(1)).propagate(m, rows, cols, e, a, batch, one);
        new JavaErrorPropagation(feedback, new ParallelLoop(4)).propagate(m, rows, cols, e, a, batch, four);
        assertArrayEquals(one, four);
    }

    @Test
    void theFactoryGivesTheSelectedBackend() {
        ErrorFeedback feedback = ErrorFeedback.backprop(Activation.RELU);
        assertInstanceOf(ReferenceErrorPropagation.class,
                Kernels.of(OpenClTestSupport.reference()).errorPropagation(feedback));
        assertInstanceOf(JavaErrorPropagation.class,
                Kernels.java().errorPropagation(feedback));
    }
}

@Tag("opencl")
class OpenClErrorPropagationTest extends ErrorPropagationContractTest {
    @Override
    ErrorPropagation create(ErrorFeedback feedback) {
        return new OpenClErrorPropagation(feedback, OpenClTestSupport.device());
    }

    /** Each mode and activation on a 2 × 3 matrix, against the reference. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("feedbacks")
    void reallyRunsAsOpenCl(ErrorFeedback feedback) {
        float[] m = {1, -2, 0, 0.5f, 3, -1}; // 2 × 3
        float[] activity = {0.5f, -0.25f, 0f};
        float[] out = new float[feedback.mode() == ErrorFeedback.Mode.DFA ? 2 : 3];
        float[] error = new float[feedback.mode() == ErrorFeedback.Mode.DFA ? 3 : 2];
        Arrays.fill(error, 1f);
        float[] a = Arrays.copyOf(activity, out.length);
        float[] expected = new float[out.length];
        new ReferenceErrorPropagation(feedback).propagate(m, 2, 3, error, a, 1, expected);
        try (OpenClErrorPropagation p = new OpenClErrorPropagation(feedback, OpenClTestSupport.device())) {
            p.propagate(m, 2, 3, error, a, 1, out);
            assertTrue(p.isRunningCL(), "the kernel must run as OpenCL, not as a Java-thread fallback");
        }
        assertArrayEquals(expected, out, 1e-6f);
    }

    @Test
    void theFactoryGivesTheOpenClVersion() {
        ErrorFeedback feedback = ErrorFeedback.direct(Activation.TANH);
        try (ErrorPropagation p = Kernels.of(OpenClTestSupport.selection()).errorPropagation(feedback)) {
            assertInstanceOf(OpenClErrorPropagation.class, p);
            assertEquals(Backend.OPENCL, p.backend());
        }
    }
}
