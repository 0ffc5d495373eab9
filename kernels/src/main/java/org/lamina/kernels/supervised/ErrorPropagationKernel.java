package org.lamina.kernels.supervised;

import com.aparapi.Kernel;

/**
 * One error pass for every {@link ErrorFeedback.Mode} over a 2-D range (target unit t, example
 * b): {@code out[b][t] = (sum_k F(t, k) · error[b][k]) · f'(activity[b][t])} with
 * {@code F(t, k) = matrix[t · targetStride + k · errorStride]}, so the matrix is read in its
 * stored layout: transposed for BP, FA and sign symmetry (strides 1 and cols), as is for DFA
 * (strides cols and 1). In the transposed modes neighbouring work items read neighbouring floats
 * of the matrix; DFA reads rows of {@code B} (n_out long, usually a few cache lines) per work
 * item. Sign symmetry replaces each entry by {@code ±signScale} (0 stays 0). The derivative is
 * read from the activity, chosen by an int because Aparapi translates no enums or switch.
 * Every mode sums in ascending k with the same arithmetic, so a mode whose feedback equals the
 * forward weights gives backprop's bytes. A top-level class with a single entry point.
 */
final class ErrorPropagationKernel extends Kernel {
    static final int RELU = 0;
    static final int TANH = 1;
    static final int IDENTITY = 2;

    float[] matrix = new float[1];
    float[] error = new float[1];
    float[] activity = new float[1];
    float[] out = new float[1];
    int nError;
    int nTarget;
    int targetStride;
    int errorStride;
    /** 1: use {@code signScale · sign(F)} in place of {@code F}. */
    int signSymmetry;
    float signScale;
    /** {@link #RELU}, {@link #TANH} or {@link #IDENTITY}. */
    int derivative;

    @Override
    public void run() {
        int t = getGlobalId(0);
        int b = getGlobalId(1);
        int m = t * targetStride;
        int e = b * nError;
        float sum = 0f;
        for (int k = 0; k < nError; k++) {
            float f = matrix[m + k * errorStride];
            if (signSymmetry == 1) {
                if (f > 0f) {
                    f = signScale;
                } else if (f < 0f) {
                    f = -signScale;
                }
            }
            sum += f * error[e + k];
        }
        int o = b * nTarget + t;
        float a = activity[o];
        float d = 1f;
        if (derivative == RELU) {
            d = 0f;
            if (a > 0f) {
                d = 1f;
            }
        } else if (derivative == TANH) {
            d = (1f - a) * (1f + a); // not 1 - a·a: keeps its digits near saturation, as Activation does
        }
        out[o] = sum * d;
    }
}
