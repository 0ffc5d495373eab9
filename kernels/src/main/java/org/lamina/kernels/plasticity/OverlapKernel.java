package org.lamina.kernels.plasticity;

import com.aparapi.Kernel;

/**
 * The Krotov overlap matrix {@code m = sign(w) |w|^q} (q = p - 1), elementwise over a 2-D range
 * (column, row): dimension 0 walks along a row, so neighbouring work items touch neighbouring
 * floats. {@code q = 2} (p = 3, the paper's setting) is {@code w |w|}, one rounding, as in the
 * Java rule. A top-level class with a single entry point (Aparapi ignores named extra ones).
 */
final class OverlapKernel extends Kernel {
    float[] w = new float[1];
    float[] m = new float[1];
    int cols;
    float q;
    /** 1 when q == 2: the product form instead of {@code pow}. */
    int squared;

    @Override
    public void run() {
        int c = getGlobalId(0);
        int r = getGlobalId(1);
        int i = r * cols + c;
        float x = w[i];
        float a = abs(x);
        float t = a * a;
        if (squared == 0) {
            t = pow(a, q);
        }
        if (x < 0f) {
            t = -t;
        }
        m[i] = t;
    }
}
