package org.lamina.kernels.plasticity;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops over one weight row that the dense plasticity rules run per row after their
 * products: the decay term with its max, the row's sum of squares in double, and the step; and
 * the exponentials of SoftHebb's activations. Each
 * works on one contiguous row (the caller spreads rows over the cores), so results do not depend
 * on the thread count. The scalar tails use the same operations as the vector body.
 */
final class RowVectors {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Same shape as {@code F}, half the lanes: each float vector converts as two double vectors. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Below this, {@code e^x} is not a normal float ({@code e^-87 = 1.6e-38}). */
    private static final float UNDERFLOW = -87f;

    private RowVectors() {
    }

    /**
     * {@code d[c] -= k · w[c]} for {@code c} in {@code [off, off + n)}; returns the largest
     * {@code |d[c]|} after the change.
     */
    static float decayAndMax(float[] d, float[] w, int off, int n, float k) {
        FloatVector vk = FloatVector.broadcast(F, k);
        FloatVector vmax = FloatVector.zero(F);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector v = FloatVector.fromArray(F, d, off + c).sub(FloatVector.fromArray(F, w, off + c).mul(vk));
            v.intoArray(d, off + c);
            vmax = vmax.max(v.abs());
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; c < n; c++) {
            float v = d[off + c] - w[off + c] * k;
            d[off + c] = v;
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** {@code sum w[c]^2} over {@code [off, off + n)}, each square and sum in double. */
    static double sumOfSquares(float[] w, int off, int n) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = acc0;
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector v = FloatVector.fromArray(F, w, off + c);
            DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            acc0 = lo.fma(lo, acc0);
            acc1 = hi.fma(hi, acc1);
        }
        double sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            sum += (double) w[off + c] * w[off + c];
        }
        return sum;
    }

    /**
     * {@code x[c] = e^x[c]} over {@code [off, off + n)} in float (the Vector API's exponential,
     * 1 ulp), with {@code e^x = 0} below {@code x = -87}, where the float result would be
     * subnormal or zero: arguments far below that (SoftHebb's {@code t (u - u_max)} reach the
     * thousands on raw pixels) sent the vector exponential down a slow path, and subnormals slow
     * the products that use the result.
     */
    static void expInPlace(float[] x, int off, int n) {
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + c);
            v.max(UNDERFLOW).lanewise(VectorOperators.EXP).blend(0f, v.lt(UNDERFLOW)).intoArray(x, off + c);
        }
        for (; c < n; c++) {
            float v = x[off + c];
            x[off + c] = v < UNDERFLOW ? 0f : (float) Math.exp(v);
        }
    }

    /** {@code w[c] += a · d[c]} over {@code [off, off + n)}, product rounded to float before the sum. */
    static void addScaled(float[] w, float[] d, int off, int n, float a) {
        FloatVector va = FloatVector.broadcast(F, a);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector.fromArray(F, d, off + c).mul(va).add(FloatVector.fromArray(F, w, off + c)).intoArray(w, off + c);
        }
        for (; c < n; c++) {
            w[off + c] += a * d[off + c];
        }
    }
}
