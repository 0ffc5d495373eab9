package org.lamina.kernels.plasticity;

/**
 * Parameters of the SoftHebb rule (REFERENCES.md): inverse temperature of the soft-WTA, base
 * learning rate, the power of the radius-dependent rate, the competition variant, and whether
 * the units have a learnt bias ({@code u = W x + b}; see {@link SoftHebbRule} for how it learns).
 */
public record SoftHebbParams(double tInvert, double lr, double powerLr, Variant variant, boolean bias) {

    /** How the activations {@code y} used by the update are formed from {@code u = W x (+ b)}. */
    public enum Variant {
        /** {@code y = softmax(tInvert · u)}. */
        SOFT,
        /** {@code y} = one-hot argmax of u. */
        HARD,
        /** {@code y = -softmax(tInvert · u)} except the winner, which keeps {@code +softmax} (the ICLR code's default). */
        ANTI
    }

    public SoftHebbParams {
        if (!(tInvert > 0)) {
            throw new IllegalArgumentException("tInvert must be > 0, got " + tInvert);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("lr must be > 0, got " + lr);
        }
        if (!(powerLr >= 0)) {
            throw new IllegalArgumentException("powerLr must be >= 0, got " + powerLr);
        }
        if (variant == null) {
            throw new IllegalArgumentException("variant is required (soft, hard or anti)");
        }
    }

    /** Without a bias ({@code u = W x}). */
    public SoftHebbParams(double tInvert, double lr, double powerLr, Variant variant) {
        this(tInvert, lr, powerLr, variant, false);
    }

    /** The MNIST MLP preset: tInvert 12, lr 0.045, powerLr 0.2, anti-Hebbian, no bias. */
    public static SoftHebbParams mnistPreset() {
        return new SoftHebbParams(12, 0.045, 0.2, Variant.ANTI);
    }
}
