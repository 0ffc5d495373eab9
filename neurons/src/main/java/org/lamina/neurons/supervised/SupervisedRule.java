package org.lamina.neurons.supervised;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamValues;

/**
 * How the error reaches the layers of a supervised network (REFERENCES.md, feedback alignment and
 * Counter-Hebb), which fixes what a top-down (TD) message carries:
 * <ul>
 *   <li>{@code bp}: the sender applies its forward weights, {@code W^T δ}; gate {@code f'(a)}.</li>
 *   <li>{@code sign-symmetry} (uSF): the sender applies {@code s · sign(W)^T δ}; gate {@code f'(a)}.</li>
 *   <li>{@code fa}: the receiver applies its own fixed TD weights (the TD projection's weights,
 *       drawn from its {@code init}) to the sender's {@code δ}; gate {@code f'(a)}.</li>
 *   <li>{@code dfa}: as {@code fa}, but every hidden layer's TD projection comes from the output,
 *       which sends its error {@code e}; hidden layers send nothing down.</li>
 *   <li>{@code counter-hebb}: post-side TD activity times pre-side BU activity, the TD pass gated
 *       by GaLU ({@code [a > 0]}); TD weights {@code shared} (the sender applies {@code W^T}, as
 *       in {@code bp}) or {@code separate} (the receiver's own TD weights, learned by the mirrored
 *       Counter-Hebb update {@code ΔM = a ⊗ δ_above}, i.e. the transpose of the sender's
 *       {@code ΔW}: Kolen–Pollack without decay, so {@code M − W^T} stays constant).</li>
 * </ul>
 * Every population of one network must use the same rule.
 *
 * @param separateTdWeights counter-hebb only: the TD weights are the receiver's own, learned
 * @param signScale         sign-symmetry only: the scale {@code s}
 */
public record SupervisedRule(Rule rule, boolean separateTdWeights, double signScale) {

    public enum Rule {
        BP, FA, DFA, SIGN_SYMMETRY, COUNTER_HEBB;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Rule parse(String s) {
            for (Rule r : values()) {
                if (r.label().equals(s)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown rule '" + s + "': expected bp, fa, dfa, sign-symmetry or counter-hebb");
        }
    }

    public SupervisedRule {
        if (rule == null) {
            throw new IllegalArgumentException("a supervised rule is required");
        }
        if (separateTdWeights && rule != Rule.COUNTER_HEBB) {
            throw new IllegalArgumentException("separate TD weights are a counter-hebb option (fa and dfa always have "
                    + "their own fixed TD weights; bp and sign-symmetry use the forward weights)");
        }
        if (!(signScale > 0) || Double.isInfinite(signScale)) {
            throw new IllegalArgumentException("sign scale must be finite and > 0, got " + signScale);
        }
    }

    public static SupervisedRule of(Rule rule) {
        return new SupervisedRule(rule, false, 1.0);
    }

    public static SupervisedRule counterHebb(boolean separateTdWeights) {
        return new SupervisedRule(Rule.COUNTER_HEBB, separateTdWeights, 1.0);
    }

    public static SupervisedRule signSymmetry(double scale) {
        return new SupervisedRule(Rule.SIGN_SYMMETRY, false, scale);
    }

    /** The receiver applies its own TD weights to the sender's post-side error (fa, dfa, separate counter-hebb). */
    public boolean receiverWeights() {
        return rule == Rule.FA || rule == Rule.DFA || separateTdWeights;
    }

    /** The receiver's TD weights learn (separate counter-hebb). */
    public boolean learnsTdWeights() {
        return separateTdWeights;
    }

    /** Hidden layers send their error down (all but dfa). */
    public boolean hiddenLayersPropagate() {
        return rule != Rule.DFA;
    }

    /**
     * The TD path differs from {@code W^T} but runs layer by layer, so a shadow backprop error can
     * travel with it for the {@code fa_bp_angle} metric (fa, sign-symmetry, separate counter-hebb).
     */
    public boolean tracksBackpropAngle() {
        return rule == Rule.FA || rule == Rule.SIGN_SYMMETRY || separateTdWeights;
    }

    /** The gate of the TD pass: GaLU ({@code [a > 0]}, the ReLU gate) for counter-hebb, else {@code f'(a)}. */
    public Activation gate(Activation activation) {
        return rule == Rule.COUNTER_HEBB ? Activation.RELU : activation;
    }

    /** What a sender applies to its error for the shared rules (ungated: the receiver gates). */
    ErrorFeedback senderFeedback() {
        return rule == Rule.SIGN_SYMMETRY ? ErrorFeedback.signSymmetry(Activation.IDENTITY, signScale)
                : ErrorFeedback.backprop(Activation.IDENTITY);
    }

    /** The rule's parameters, declared once for every model that learns by one. */
    /** The rule's parameters ({@link Param#ofRule()}): {@code rule} names it. */
    public static <M> List<Param<M>> params(Function<M, SupervisedRule> of) {
        return List.of(
                Param.<M>choice("rule", m -> of.apply(m).rule().label(),
                                List.of("bp", "fa", "dfa", "sign-symmetry", "counter-hebb")).byDefault("bp").ofRule()
                        .doc("how errors reach the hidden layers (docs/supervised.md)"),
                Param.<M>choice("td-weights", m -> of.apply(m).separateTdWeights() ? "separate" : "shared",
                                List.of("shared", "separate")).byDefault("shared").ofRule()
                        .onlyWhen(v -> v.text("rule").equals("counter-hebb"), "rule = counter-hebb")
                        .doc("top-down weights: the forward weights, or separate learned ones"),
                Param.<M>decimal("sign-scale", m -> of.apply(m).signScale()).byDefault(1.0).range(Double.MIN_VALUE, 1e6).ofRule()
                        .onlyWhen(v -> v.text("rule").equals("sign-symmetry"), "rule = sign-symmetry")
                        .doc("scale s of the sign-symmetric feedback s · sign(W)"));
    }

    /** The rule {@link #params} were read into. */
    public static SupervisedRule from(ParamValues v) {
        Rule r = Rule.parse(v.text("rule"));
        return new SupervisedRule(r, r == Rule.COUNTER_HEBB && v.text("td-weights").equals("separate"),
                r == Rule.SIGN_SYMMETRY ? v.decimal("sign-scale") : 1.0);
    }

    /** Whether {@link #tracksBackpropAngle()} holds for the rule {@link #params} are being read into. */
    static boolean tracksBackpropAngle(ParamValues v) {
        String r = v.text("rule");
        return r.equals("fa") || r.equals("sign-symmetry")
                || r.equals("counter-hebb") && v.text("td-weights").equals("separate");
    }
}
