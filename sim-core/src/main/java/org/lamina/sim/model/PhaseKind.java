package org.lamina.sim.model;

import java.util.Locale;

/**
 * What a phase of the schedule is for. The kind decides what the inputs present (the training
 * split, or the test split once for {@link #TEST}), how the runner reports the phase, and which
 * projections learn in it unless the phase names them: those whose rule learns in phases of
 * this kind ({@link org.lamina.sim.spec.Plasticity#learnsIn()}).
 */
public enum PhaseKind {
    /** Plain simulated time; nothing learns unless the phase says so. */
    RUN,
    /** Learning without labels on the training split. */
    UNSUPERVISED,
    /** A readout learning on the training split. */
    READOUT,
    /** Learning with labels on the training split. */
    SUPERVISED,
    /** One pass over the test split, in order, reported as a test result; nothing learns. */
    TEST;

    /** The name in scenario files and traces ({@code unsupervised}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code label}; IllegalArgumentException if none is. */
    public static PhaseKind of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
