package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.product.JavaMatrixProduct;

/**
 * Fast Java error propagation: the feedback matrix in the product's layout (target × error),
 * then the Vector API product, then the derivative gate. DFA's {@code B_l} is already in that
 * layout; the other modes transpose {@code W} or {@code B} (applying {@code s · sign} for sign
 * symmetry) into a reused buffer, in blocks of target rows spread over the cores. The transpose
 * costs one pass over the matrix against {@code batch} passes for the product.
 */
public final class JavaErrorPropagation implements ErrorPropagation {
    private static final int TARGETS_PER_TASK = 16;

    private final ErrorFeedback feedback;
    private final ParallelLoop loop;
    private final JavaMatrixProduct product;
    private float[] transposed = new float[0];

    public JavaErrorPropagation(ErrorFeedback feedback) {
        this(feedback, ParallelLoop.shared());
    }

    public JavaErrorPropagation(ErrorFeedback feedback, ParallelLoop loop) {
        this.feedback = feedback;
        this.loop = loop;
        this.product = new JavaMatrixProduct(loop);
    }

    @Override
    public void propagate(float[] matrix, int rows, int cols, float[] error, float[] activity, int batch, float[] out) {
        ErrorFeedback.Mode mode = feedback.mode();
        ErrorPropagation.checkShapes(mode, matrix, rows, cols, error, activity, batch, out);
        if (mode == ErrorFeedback.Mode.DFA) {
            product.multiply(matrix, rows, cols, error, batch, out);
        } else {
            if (transposed.length != rows * cols) {
                transposed = new float[rows * cols];
            }
            boolean signs = mode == ErrorFeedback.Mode.SIGN_SYMMETRY;
            float scale = (float) feedback.signScale();
            int tasks = (cols + TARGETS_PER_TASK - 1) / TARGETS_PER_TASK;
            loop.forEach(tasks, t -> transposeBlock(matrix, rows, cols, t * TARGETS_PER_TASK, signs, scale));
            product.multiply(transposed, cols, rows, error, batch, out);
        }
        feedback.activation().gate(out, activity, out);
    }

    /** Target rows {@code c0 ..} of the transpose: reads a short contiguous run of each matrix row. */
    private void transposeBlock(float[] matrix, int rows, int cols, int c0, boolean signs, float scale) {
        int c1 = Math.min(c0 + TARGETS_PER_TASK, cols);
        for (int r = 0; r < rows; r++) {
            int m = r * cols;
            for (int c = c0; c < c1; c++) {
                float v = matrix[m + c];
                transposed[c * rows + r] = signs ? scale * Math.signum(v) : v;
            }
        }
    }

    @Override
    public ErrorFeedback feedback() {
        return feedback;
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
