package org.lamina.sim.engine;

/**
 * Finds values that are not finite (NaN or infinite) in float arrays, for the engine's guard on
 * state, weights and emissions (see {@link PopulationActor}). The common case, all finite, is one
 * branch-free pass: OR-ing each value's exponent bits plus one exponent unit sets the sign bit
 * exactly when some exponent is all ones (NaN and infinities), a loop the JIT can vectorise.
 */
final class Finite {
    private Finite() {
    }

    /** The index of the first value of {@code a} that is NaN or infinite, or -1. */
    static int firstNonFinite(float[] a) {
        return firstNonFinite(a, 0, a.length);
    }

    /** As {@link #firstNonFinite(float[])}, over {@code a[from, to)}. */
    static int firstNonFinite(float[] a, int from, int to) {
        int acc = 0;
        for (int i = from; i < to; i++) {
            acc |= (Float.floatToRawIntBits(a[i]) & 0x7f800000) + 0x00800000;
        }
        if (acc >= 0) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(a[i])) {
                return i;
            }
        }
        return -1; // not reached: the pass above found one
    }
}
