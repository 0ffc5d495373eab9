package org.lamina.scenarios.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;

/**
 * A resolved scenario: what to simulate, how long, and what to record. Files (HOCON, read by
 * {@link ScenarioParser}) and the {@link Builder} use the same names; {@link #toHocon()} writes
 * a file that parses back to an equal scenario.
 */
public record Scenario(String name, long seed, double dtMs, int batch, String backend, DatasetSpec dataset,
                       List<PopulationSpec> populations, List<ProjectionSpec> projections,
                       List<Phase> schedule, RecordingSpec recording) {

    /** Where a {@code dataset-input} population's images come from ({@code null}: no dataset). */
    public record DatasetSpec(String source, String split, int limit, String normalise) {
    }

    /** A named stretch of simulated time. */
    public record Phase(String name, long steps) {
        public Phase {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a phase needs a name");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("phase " + name + ": steps must be >= 1, got " + steps);
            }
        }
    }

    public Scenario {
        populations = List.copyOf(populations);
        projections = List.copyOf(projections);
        schedule = List.copyOf(schedule);
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("the schedule needs at least one phase");
        }
    }

    public NetworkSpec network() {
        return new NetworkSpec(populations, projections, dtMs, seed);
    }

    public long totalSteps() {
        return schedule.stream().mapToLong(Phase::steps).sum();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The scenario as a HOCON file. */
    public String toHocon() {
        StringBuilder h = new StringBuilder();
        h.append("name = ").append(q(name)).append('\n');
        h.append("seed = ").append(seed).append('\n');
        h.append("dt-ms = ").append(dtMs).append('\n');
        h.append("batch = ").append(batch).append('\n');
        h.append("backend = ").append(backend).append('\n');
        if (dataset != null) {
            h.append("dataset { source = ").append(q(dataset.source())).append(", split = ").append(q(dataset.split()))
                    .append(", limit = ").append(dataset.limit()).append(", normalise = ").append(q(dataset.normalise()))
                    .append(" }\n");
        }
        h.append("network {\n  populations {\n");
        for (PopulationSpec p : populations) {
            h.append("    ").append(Section.quote(p.name())).append(" { size = ").append(p.size())
                    .append(", model = ").append(q(p.model().name()));
            for (Map.Entry<String, String> e : ModelCatalog.render(p.model()).entrySet()) {
                h.append(", ").append(e.getKey()).append(" = ").append(e.getValue());
            }
            h.append(" }\n");
        }
        h.append("  }\n  projections = [\n");
        for (ProjectionSpec j : projections) {
            WeightInit w = j.init();
            String init = switch (w.kind()) {
                case CONSTANT -> "{ kind = constant, value = " + w.a() + " }";
                case UNIFORM -> "{ kind = uniform, min = " + w.a() + ", max = " + w.b() + " }";
                case NORMAL -> "{ kind = normal, mean = " + w.a() + ", std = " + w.b() + " }";
            };
            h.append("    { source = ").append(q(j.source())).append(", target = ").append(q(j.target()))
                    .append(", delay-steps = ").append(j.delaySteps()).append(", init = ").append(init)
                    .append(", plasticity = ").append(q(j.plasticity())).append(" }\n");
        }
        h.append("  ]\n}\nschedule = [\n");
        for (Phase p : schedule) {
            h.append("  { phase = ").append(q(p.name())).append(", steps = ").append(p.steps()).append(" }\n");
        }
        h.append("]\nrecording {\n  spikes = ").append(names(recording.spikes())).append('\n');
        h.append("  state = [\n");
        for (RecordingSpec.StateProbe s : recording.state()) {
            h.append("    { population = ").append(q(s.population())).append(", variable = ").append(q(s.variable()))
                    .append(", units = ").append(java.util.Arrays.toString(s.units())).append(", every = ")
                    .append(s.everySteps()).append(" }\n");
        }
        h.append("  ]\n  weights = [\n");
        for (RecordingSpec.WeightProbe w : recording.weights()) {
            h.append("    { source = ").append(q(w.source())).append(", target = ").append(q(w.target()))
                    .append(", every = ").append(w.everySteps()).append(" }\n");
        }
        h.append("  ]\n}\n");
        return h.toString();
    }

    private static String names(Set<String> names) {
        return names.stream().sorted().map(Scenario::q).toList().toString();
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Builds a scenario in Java with the names of the file format. */
    public static final class Builder {
        private final String name;
        private long seed = 1;
        private double dtMs = 0.5;
        private int batch = 1;
        private String backend = "auto";
        private final List<Object[]> populations = new ArrayList<>(); // name, size, model: batch applies at build
        private final List<ProjectionSpec> projections = new ArrayList<>();
        private final List<Phase> schedule = new ArrayList<>();
        private RecordingSpec recording = RecordingSpec.none();
        private DatasetSpec dataset;

        private Builder(String name) {
            this.name = name;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder dtMs(double dtMs) {
            this.dtMs = dtMs;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder backend(String backend) {
            this.backend = backend.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder population(String name, int size, ModelDescriptor model) {
            populations.add(new Object[] {name, size, model});
            return this;
        }

        public Builder projection(String source, String target, int delaySteps, WeightInit init, String plasticity) {
            projections.add(new ProjectionSpec(source, target, delaySteps, init, plasticity));
            return this;
        }

        public Builder phase(String name, long steps) {
            schedule.add(new Phase(name, steps));
            return this;
        }

        public Builder dataset(DatasetSpec dataset) {
            this.dataset = dataset;
            return this;
        }

        public Builder recording(RecordingSpec recording) {
            this.recording = recording;
            return this;
        }

        public Scenario build() {
            List<PopulationSpec> pops = populations.stream()
                    .map(p -> new PopulationSpec((String) p[0], (Integer) p[1], batch, (ModelDescriptor) p[2])).toList();
            Scenario s = new Scenario(name, seed, dtMs, batch, backend, dataset, pops, projections, schedule, recording);
            s.recording().validateAgainst(s.network());
            return s;
        }
    }
}
