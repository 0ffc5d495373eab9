package org.lamina.kernels.supervised;

import org.lamina.kernels.backend.Backend;

/** The specification: plain loops in double precision, sums in ascending index order. */
public final class ReferenceErrorPropagation implements ErrorPropagation {
    private final ErrorFeedback feedback;

    public ReferenceErrorPropagation(ErrorFeedback feedback) {
        this.feedback = feedback;
    }

    @Override
    public void propagate(float[] matrix, int rows, int cols, float[] error, float[] activity, int batch, float[] out) {
        ErrorFeedback.Mode mode = feedback.mode();
        ErrorPropagation.checkShapes(mode, matrix, rows, cols, error, activity, batch, out);
        boolean direct = mode == ErrorFeedback.Mode.DFA;
        int nError = direct ? cols : rows;
        int nTarget = direct ? rows : cols;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < nTarget; t++) {
                double sum = 0;
                for (int k = 0; k < nError; k++) {
                    sum += feedbackEntry(matrix[direct ? t * cols + k : k * cols + t]) * error[b * nError + k];
                }
                int o = b * nTarget + t;
                out[o] = (float) (sum * feedback.activation().derivative((double) activity[o]));
            }
        }
    }

    private double feedbackEntry(float m) {
        return feedback.mode() == ErrorFeedback.Mode.SIGN_SYMMETRY ? feedback.signScale() * Math.signum(m) : m;
    }

    @Override
    public ErrorFeedback feedback() {
        return feedback;
    }

    @Override
    public Backend backend() {
        return Backend.REFERENCE;
    }
}
