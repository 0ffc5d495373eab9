package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;

/**
 * Carries an error down to a layer, {@code out = (F · error) · f'(activity)} per example, with
 * the feedback matrix {@code F} chosen by {@link ErrorFeedback.Mode}. The matrix is always given
 * in its stored shape {@code rows × cols} (row-major):
 * <ul>
 *   <li>BP, FA, SIGN_SYMMETRY: {@code W_l} or {@code B_l}, post × pre, used transposed: the error
 *       is {@code batch × rows} ({@code delta_l}), activity and out are {@code batch × cols}
 *       ({@code a_{l-1}}, {@code delta_{l-1}});</li>
 *   <li>DFA: {@code B_l}, n_l × n_out, used as is: the error is the output error {@code e},
 *       {@code batch × cols}, activity and out are {@code batch × rows}.</li>
 * </ul>
 * {@code out} is overwritten. Instances reuse buffers (and may own OpenCL kernels, so close them
 * when done) and are not for concurrent use.
 */
public interface ErrorPropagation extends AutoCloseable {

    void propagate(float[] matrix, int rows, int cols, float[] error, float[] activity, int batch, float[] out);

    ErrorFeedback feedback();

    Backend backend();

    @Override
    default void close() {
    }

    /** The number of units the error has: rows for the transposed modes, cols for DFA. */
    static int errorSize(ErrorFeedback.Mode mode, int rows, int cols) {
        return mode == ErrorFeedback.Mode.DFA ? cols : rows;
    }

    static void checkShapes(ErrorFeedback.Mode mode, float[] matrix, int rows, int cols, float[] error,
                            float[] activity, int batch, float[] out) {
        if (rows < 1 || cols < 1 || batch < 1) {
            throw new IllegalArgumentException("rows, cols and batch must be >= 1, got " + rows + ", " + cols + ", " + batch);
        }
        if (matrix.length != rows * cols) {
            throw new IllegalArgumentException("matrix must hold rows * cols = " + rows * cols + " floats, got " + matrix.length);
        }
        int nError = errorSize(mode, rows, cols);
        int nTarget = mode == ErrorFeedback.Mode.DFA ? rows : cols;
        if (error.length != batch * nError) {
            throw new IllegalArgumentException(mode + ": error must hold batch * " + nError + " = " + batch * nError
                    + " floats, got " + error.length);
        }
        if (activity.length != batch * nTarget || out.length != batch * nTarget) {
            throw new IllegalArgumentException(mode + ": activity and out must hold batch * " + nTarget + " = "
                    + batch * nTarget + " floats, got " + activity.length + " and " + out.length);
        }
    }
}
