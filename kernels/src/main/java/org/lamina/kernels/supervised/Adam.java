package org.lamina.kernels.supervised;

/**
 * Adam (Kingma &amp; Ba 2015) for one parameter array, with the usual bias correction, in the
 * form PyTorch uses: {@code m = β1 m + (1 − β1) g}, {@code v = β2 v + (1 − β2) g²}, then
 * {@code w −= (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)} with {@code t} the number
 * of steps taken so far, this one included. Moments are float arrays owned by the instance; the
 * corrections are computed in double once per step. One version for every backend (it is
 * elementwise and cheap next to the gradient). Not for concurrent use.
 */
public final class Adam {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final float[] m;
    private final float[] v;
    private long t;

    public Adam(int size, double beta1, double beta2, double eps) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must lie in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new float[size];
        this.v = new float[size];
    }

    /** One step on {@code w} with the gradient {@code g} (same length as the moments). */
    public void step(float[] w, float[] g, double lr) {
        if (w.length != m.length || g.length != m.length) {
            throw new IllegalArgumentException("w and g must hold " + m.length + " floats, got " + w.length + " and "
                    + g.length);
        }
        if (!Double.isFinite(lr)) {
            throw new IllegalArgumentException("lr must be finite, got " + lr);
        }
        t++;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float rootCorrection = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float e = (float) eps;
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) / rootCorrection + e);
        }
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    /** The first moments {@code m} (a copy). */
    public float[] firstMoments() {
        return m.clone();
    }

    /** The second moments {@code v} (a copy). */
    public float[] secondMoments() {
        return v.clone();
    }

    /** Puts back moments and a step count read from {@link #firstMoments}, {@link #secondMoments} and {@link #steps}. */
    public void restore(float[] firstMoments, float[] secondMoments, long steps) {
        if (firstMoments.length != m.length || secondMoments.length != v.length || steps < 0) {
            throw new IllegalArgumentException("moments of " + m.length + " floats and steps >= 0 needed, got "
                    + firstMoments.length + ", " + secondMoments.length + " and " + steps);
        }
        System.arraycopy(firstMoments, 0, m, 0, m.length);
        System.arraycopy(secondMoments, 0, v, 0, v.length);
        t = steps;
    }
}
