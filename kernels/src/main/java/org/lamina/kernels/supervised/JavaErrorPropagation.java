package org.lamina.kernels.supervised;

import org.lamina.kernels.product.TransposedProduct;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Fast Java error propagation by the {@link TransposedProduct}, then the derivative gate. The
 * product reads the feedback matrix with the target units contiguous: BP and FA use {@code W}
 * or {@code B} as stored (no transpose); sign symmetry first writes {@code s · sign(W)} into a
 * reused buffer of the same layout; DFA transposes {@code B_l} (n_l × n_out, small next to the
 * product, which is {@code batch} times larger). Results do not depend on the thread count.
 * Instances reuse a buffer and are not for concurrent use.
 */
public final class JavaErrorPropagation implements ErrorPropagation {
    private final ErrorFeedback feedback;
    private final ParallelLoop loop;
    private float[] buffer = new float[0];

    public JavaErrorPropagation(ErrorFeedback feedback) {
        this(feedback, ParallelLoop.shared());
    }

    public JavaErrorPropagation(ErrorFeedback feedback, ParallelLoop loop) {
        this.feedback = feedback;
        this.loop = loop;
    }

    @Override
    public void propagate(float[] matrix, int rows, int cols, float[] error, float[] activity, int batch, float[] out) {
        ErrorFeedback.Mode mode = feedback.mode();
        ErrorPropagation.checkShapes(mode, matrix, rows, cols, error, activity, batch, out);
        switch (mode) {
            case BP, FA -> TransposedProduct.multiply(loop, error, 1, rows, matrix, rows, batch, cols, 1f, out);
            case SIGN_SYMMETRY -> {
                float[] signs = buffer(rows * cols);
                float s = (float) feedback.signScale();
                loop.forEach(rows, r -> {
                    for (int i = r * cols; i < (r + 1) * cols; i++) {
                        signs[i] = s * Math.signum(matrix[i]);
                    }
                });
                TransposedProduct.multiply(loop, error, 1, rows, signs, rows, batch, cols, 1f, out);
            }
            case DFA -> {
                float[] transposed = buffer(rows * cols);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        transposed[c * rows + r] = matrix[r * cols + c];
                    }
                }
                TransposedProduct.multiply(loop, error, 1, cols, transposed, cols, batch, rows, 1f, out);
            }
        }
        feedback.activation().gate(out, activity, out);
    }

    private float[] buffer(int size) {
        if (buffer.length != size) {
            buffer = new float[size];
        }
        return buffer;
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
