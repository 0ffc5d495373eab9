package org.lamina.neurons.wiring;

import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.PopulationContext;

/** Checks on the projections that reach a population, shared by the models that make them. */
public final class Wiring {
    private Wiring() {
    }

    /** Refuses a projection from the population to itself, which a model of {@code kind} cannot take. */
    public static void notFromItself(PopulationContext ctx, String kind) {
        for (IncomingProjection in : ctx.incoming()) {
            if (in.sourceName().equals(ctx.name())) {
                throw new IllegalArgumentException("a " + kind + " cannot take a projection from itself ("
                        + ctx.name() + " -> " + ctx.name() + ")");
            }
        }
    }

    /** Exactly one incoming projection, not from itself, for a layer of {@code kind} that learns on it. */
    public static void exactlyOne(PopulationContext ctx, String kind) {
        notFromItself(ctx, kind);
        if (ctx.incoming().size() != 1) {
            throw new IllegalArgumentException("a " + kind + " learns on exactly one incoming projection, " + ctx.name()
                    + " has " + ctx.incoming().size() + " (from " + ctx.incoming().stream()
                    .map(IncomingProjection::sourceName).toList() + ")");
        }
    }
}
