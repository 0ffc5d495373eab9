package org.lamina.sim.model;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A phase of the schedule as the engine delivers it to every population: its name, its kind,
 * and the projections (by id) that learn while it runs. A population changes the weights of an
 * incoming projection only while a phase lists that projection; nothing else turns learning on
 * (the simulation checks that each listed projection has a rule: {@code Simulation#markPhase}).
 *
 * @param learning ids of the projections whose rules apply during the phase
 */
public record Phase(String name, PhaseKind kind, SortedSet<Integer> learning) {

    public Phase {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a phase needs a name");
        }
        Objects.requireNonNull(kind, "a phase needs a kind");
        learning = Collections.unmodifiableSortedSet(new TreeSet<>(learning));
        if (kind == PhaseKind.TEST && !learning.isEmpty()) {
            throw new IllegalArgumentException("phase " + name + " tests: nothing learns in it, yet it lists projections "
                    + learning);
        }
    }

    /** A phase in which nothing learns. */
    public static Phase fixed(String name, PhaseKind kind) {
        return new Phase(name, kind, new TreeSet<>());
    }

    /** Whether projection {@code projectionId}'s rule applies during this phase. */
    public boolean learns(int projectionId) {
        return learning.contains(projectionId);
    }
}
