package org.lamina.sim.spec;

import java.util.List;
import java.util.Set;

/**
 * What the trace records (Brian2-style monitors, attached from outside the models): spikes of
 * some populations, sampled state variables of chosen units every {@code everySteps}, and weight
 * snapshots of chosen projections every {@code everySteps}.
 */
public record RecordingSpec(Set<String> spikes, List<StateProbe> state, List<WeightProbe> weights) {

    /** Samples {@code variable} of {@code population} for {@code units} (empty = all) every n steps. */
    public record StateProbe(String population, String variable, int[] units, int everySteps) {
        public StateProbe {
            if (everySteps < 1) {
                throw new IllegalArgumentException("state probe " + population + "." + variable
                        + ": every must be >= 1 step, got " + everySteps);
            }
            units = units == null ? new int[0] : units.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StateProbe p && p.population.equals(population) && p.variable.equals(variable)
                    && java.util.Arrays.equals(p.units, units) && p.everySteps == everySteps;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(population, variable, java.util.Arrays.hashCode(units), everySteps);
        }

        @Override
        public String toString() {
            return "StateProbe[" + population + "." + variable + ", units=" + java.util.Arrays.toString(units)
                    + ", every=" + everySteps + "]";
        }
    }

    /** Snapshots the weights of projection {@code source -> target} every n steps. */
    public record WeightProbe(String source, String target, int everySteps) {
        public WeightProbe {
            if (everySteps < 1) {
                throw new IllegalArgumentException("weight probe " + source + " -> " + target
                        + ": every must be >= 1 step, got " + everySteps);
            }
        }
    }

    public RecordingSpec {
        spikes = Set.copyOf(spikes);
        state = List.copyOf(state);
        weights = List.copyOf(weights);
    }

    public static RecordingSpec none() {
        return new RecordingSpec(Set.of(), List.of(), List.of());
    }

    /** Checks every probe names a population, variable and projection of {@code network}. */
    public void validateAgainst(NetworkSpec network) {
        for (String s : spikes) {
            network.populationId(s);
        }
        for (StateProbe p : state) {
            PopulationSpec pop = network.populations().get(network.populationId(p.population()));
            if (!pop.model().stateVariables().contains(p.variable())) {
                throw new IllegalArgumentException("population " + p.population() + " (" + pop.model().name()
                        + ") has no state variable '" + p.variable() + "'; it has " + pop.model().stateVariables());
            }
            for (int u : p.units()) {
                if (u < 0 || u >= pop.size()) {
                    throw new IllegalArgumentException("state probe " + p.population() + "." + p.variable()
                            + ": unit " + u + " is outside 0.." + (pop.size() - 1));
                }
            }
        }
        for (WeightProbe w : weights) {
            boolean found = network.projections().stream()
                    .anyMatch(j -> j.source().equals(w.source()) && j.target().equals(w.target()));
            if (!found) {
                throw new IllegalArgumentException("weight probe: no projection " + w.source() + " -> " + w.target());
            }
        }
    }
}
