package org.lamina.neurons.supervised;

import org.lamina.sim.model.ModelState;

/**
 * Keeps a layer's minibatches in order. A minibatch that arrives during the learning phase is
 * learned from when its error arrives (top-down, channel {@link Channels#TOP_DOWN}); the next
 * minibatch must not arrive before that, or learning would no longer be standard minibatch
 * training (the next forward pass would see stale weights). Both violations stop the run naming
 * the cause.
 */
final class Presentations {
    private final String population;
    private final String roundTrip;
    private long forwards;
    private boolean learning;
    private boolean errorSeen;

    /** {@code roundTrip}: how long a presentation must be, for the message that stops a run. */
    Presentations(String population, String roundTrip) {
        this.population = population;
        this.roundTrip = roundTrip;
    }

    /** A new minibatch arrives bottom-up; {@code learningNow}: the population is in its learning phase. */
    void forward(long step, boolean learningNow) {
        if (forwards > 0 && learning && !errorSeen) {
            throw new IllegalStateException(population + ": a new minibatch arrived at step " + step
                    + " before the error for the previous one; present each minibatch for at least one round trip"
                    + " through the network (steps-per-presentation >= " + roundTrip + ")");
        }
        forwards++;
        learning = learningNow;
        errorSeen = false;
    }

    /** The error for the current minibatch arrives. */
    void error(long step) {
        if (forwards == 0 || errorSeen) {
            throw new IllegalStateException(population + ": an error arrived at step " + step
                    + " with no minibatch awaiting one; do all populations of the network learn in the same phase?");
        }
        errorSeen = true;
    }

    /** Whether the current minibatch is learned from (the phase when it arrived). */
    boolean learning() {
        return learning;
    }

    /** Writes where the minibatches stand, for a checkpoint. */
    void save(ModelState out) {
        out.put("presentations.forwards", forwards);
        out.put("presentations.learning", learning);
        out.put("presentations.error_seen", errorSeen);
    }

    void restore(ModelState in) {
        forwards = in.number("presentations.forwards");
        learning = in.flag("presentations.learning");
        errorSeen = in.flag("presentations.error_seen");
    }
}
