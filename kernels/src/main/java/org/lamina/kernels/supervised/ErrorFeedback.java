package org.lamina.kernels.supervised;

/**
 * How an error reaches a layer (REFERENCES.md, feedback alignment), the activation whose
 * derivative gates it, and the scale {@code s} of sign symmetry.
 */
public record ErrorFeedback(Mode mode, Activation activation, double signScale) {

    /** Which matrix carries the error down. */
    public enum Mode {
        /** Backprop: the transposed forward weights, {@code delta_{l-1} = (W_l^T delta_l) · f'(a_{l-1})}. */
        BP,
        /** Feedback alignment: a fixed random {@code B_l} with the shape of {@code W_l} in place of {@code W_l}. */
        FA,
        /** Sign symmetry (uSF): {@code B_l = s · sign(W_l)} in place of {@code W_l}; {@code sign(0) = 0}. */
        SIGN_SYMMETRY,
        /** Direct feedback alignment: {@code delta_l = (B_l e) · f'(a_l)}, {@code B_l} of shape n_l × n_out. */
        DFA
    }

    public ErrorFeedback {
        if (mode == null || activation == null) {
            throw new IllegalArgumentException("mode and activation are required, got " + mode + " and " + activation);
        }
        if (!(signScale > 0) || Double.isInfinite(signScale)) {
            throw new IllegalArgumentException("signScale must be finite and > 0, got " + signScale);
        }
    }

    public static ErrorFeedback backprop(Activation activation) {
        return new ErrorFeedback(Mode.BP, activation, 1);
    }

    public static ErrorFeedback feedbackAlignment(Activation activation) {
        return new ErrorFeedback(Mode.FA, activation, 1);
    }

    public static ErrorFeedback signSymmetry(Activation activation, double signScale) {
        return new ErrorFeedback(Mode.SIGN_SYMMETRY, activation, signScale);
    }

    public static ErrorFeedback direct(Activation activation) {
        return new ErrorFeedback(Mode.DFA, activation, 1);
    }
}
