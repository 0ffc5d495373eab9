package org.lamina.sim.spec;

import java.util.Objects;
import org.lamina.sim.model.PhaseKind;

/**
 * The learning rule declared on a projection: its name (as trace headers show it) and the kind
 * of phase in which it learns unless a phase names the projections that learn. The rule's
 * arithmetic and parameters belong to the target population's model, which owns the weights.
 *
 * @param rule     the rule's name ({@code krotov}, {@code bp}, ...), or {@code none} for fixed weights
 * @param learnsIn the phases it learns in by default; null exactly when the weights are fixed
 */
public record Plasticity(String rule, PhaseKind learnsIn) {

    /** Fixed weights: no rule. */
    public static final Plasticity NONE = new Plasticity("none", null);

    public Plasticity {
        Objects.requireNonNull(rule, "a rule name");
        if (rule.equals("none") != (learnsIn == null)) {
            throw new IllegalArgumentException("rule '" + rule + "' with default phase kind " + learnsIn
                    + ": fixed weights (rule none) and only they have no phase kind");
        }
    }

    /** Whether a rule changes the weights (in phases that let it). */
    public boolean plastic() {
        return learnsIn != null;
    }
}
