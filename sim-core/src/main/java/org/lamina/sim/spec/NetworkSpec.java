package org.lamina.sim.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;

/**
 * An immutable network: populations (their index is their id) and projections (likewise),
 * the step size and the run seed. Validated on construction.
 */
public record NetworkSpec(List<PopulationSpec> populations, List<ProjectionSpec> projections,
                          double dtMs, long seed) {

    /** Window used when no projection constrains it. */
    public static final int UNCONSTRAINED_WINDOW = 16;

    public NetworkSpec {
        populations = List.copyOf(populations);
        projections = List.copyOf(projections);
        if (populations.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one population");
        }
        if (!(dtMs > 0) || Double.isInfinite(dtMs)) {
            throw new IllegalArgumentException("dt must be a positive number of milliseconds, got " + dtMs);
        }
        Map<String, Integer> ids = new HashMap<>();
        for (PopulationSpec p : populations) {
            if (ids.put(p.name(), ids.size()) != null) {
                throw new IllegalArgumentException("two populations are named " + p.name());
            }
        }
        for (ProjectionSpec j : projections) {
            if (!ids.containsKey(j.source())) {
                throw new IllegalArgumentException("projection " + j.source() + " -> " + j.target()
                        + ": no population named " + j.source());
            }
            if (!ids.containsKey(j.target())) {
                throw new IllegalArgumentException("projection " + j.source() + " -> " + j.target()
                        + ": no population named " + j.target());
            }
            PopulationSpec s = populations.get(ids.get(j.source()));
            PopulationSpec t = populations.get(ids.get(j.target()));
            if (s.batch() != t.batch()) {
                throw new IllegalArgumentException("projection " + j.source() + " -> " + j.target()
                        + ": batch sizes differ (" + s.batch() + " vs " + t.batch() + ")");
            }
        }
    }

    public int populationId(String name) {
        for (int i = 0; i < populations.size(); i++) {
            if (populations.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no population named " + name);
    }

    /**
     * Steps per synchronisation window: the minimum projection delay, so that nothing emitted
     * inside a window is needed by anyone inside the same window.
     */
    public int windowSteps() {
        return projections.stream().mapToInt(ProjectionSpec::delaySteps).min().orElse(UNCONSTRAINED_WINDOW);
    }

    /** Ids of the projections into population {@code id}, ascending. */
    public List<Integer> incoming(int id) {
        List<Integer> in = new ArrayList<>();
        String name = populations.get(id).name();
        for (int j = 0; j < projections.size(); j++) {
            if (projections.get(j).target().equals(name)) {
                in.add(j);
            }
        }
        return in;
    }

    /** Ids of the projections out of population {@code id}, ascending. */
    public List<Integer> outgoing(int id) {
        List<Integer> out = new ArrayList<>();
        String name = populations.get(id).name();
        for (int j = 0; j < projections.size(); j++) {
            if (projections.get(j).source().equals(name)) {
                out.add(j);
            }
        }
        return out;
    }

    /** A phase in which the projections whose rules learn in phases of its kind learn (none for test phases). */
    public Phase phase(String name, PhaseKind kind) {
        TreeSet<Integer> learning = new TreeSet<>();
        for (int j = 0; j < projections.size(); j++) {
            if (kind != PhaseKind.TEST && projections.get(j).plasticity().learnsIn() == kind) {
                learning.add(j);
            }
        }
        return new Phase(name, kind, learning);
    }

    /**
     * A phase in which exactly the named learners learn: a population name stands for every
     * projection with a rule into it, {@code "source -> target"} for one projection, which must
     * have a rule.
     *
     * @throws IllegalArgumentException for a name that is neither, or names nothing with a rule
     */
    public Phase phase(String name, PhaseKind kind, Collection<String> learners) {
        TreeSet<Integer> learning = new TreeSet<>();
        for (String learner : learners) {
            learning.addAll(learnerIds(learner));
        }
        return new Phase(name, kind, learning);
    }

    /** The projection ids a learner name of {@link #phase(String, PhaseKind, Collection)} stands for. */
    public List<Integer> learnerIds(String learner) {
        List<Integer> ids = new ArrayList<>();
        boolean known = false;
        for (int j = 0; j < projections.size(); j++) {
            ProjectionSpec p = projections.get(j);
            boolean named = learner.contains("->")
                    ? p.label().equals(learner.replaceAll("\\s*->\\s*", " -> ").trim())
                    : p.target().equals(learner);
            known |= named || (!learner.contains("->") && populations.stream().anyMatch(q -> q.name().equals(learner)));
            if (named && p.plasticity().plastic()) {
                ids.add(j);
            }
        }
        if (!known) {
            throw new IllegalArgumentException("'" + learner + "' is neither a population nor a projection"
                    + " \"source -> target\" of the network");
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(learner.contains("->")
                    ? "projection " + learner + " has no learning rule (no plasticity), so it cannot learn"
                    : "population " + learner + " has no incoming projection with a learning rule (plasticity)");
        }
        return ids;
    }
}
