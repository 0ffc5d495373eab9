package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.input.Split;
import org.lamina.scenarios.data.Dataset;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.data.Normalisation;
import org.lamina.scenarios.dsl.Locations;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.WeightInit;

/**
 * The step between parsing and running: loads what a parsed scenario only names. Its dataset's
 * splits are loaded, limited and normalised (statistics from the training split) and bound to
 * every dataset input; weights a projection takes from a previous run are read from that run's
 * trace. A dataset or run that cannot be loaded is reported like a parse error, at the key that
 * names it. Fetching a missing dataset is the caller's business (it happens before).
 */
public final class ScenarioResolver {

    /** Where datasets come from. */
    @FunctionalInterface
    public interface DatasetLoader {
        /** The first {@code limit} examples ({@code 0}: all) of a split, pixels as stored. */
        Dataset load(String name, Split split, int limit) throws IOException;
    }

    private final DatasetLoader loader;
    /** Splits already loaded (as stored, and normalised), so the points of a sweep share them. */
    private final Map<String, Dataset> loaded = new HashMap<>();
    /** What the caller should be told (a previous run that is dead or still running). */
    private final java.util.Set<String> notes = new java.util.LinkedHashSet<>(); // once each, for all points of a sweep

    /** Loads datasets from this environment's data folder. */
    public ScenarioResolver() {
        this(Datasets::load);
    }

    public ScenarioResolver(DatasetLoader loader) {
        this.loader = loader;
    }

    /** Resolves with the default loader; errors name the scenario rather than file lines. */
    public static Scenario loaded(Scenario scenario) {
        return new ScenarioResolver().resolve(scenario, Locations.none(scenario.name()));
    }

    /** Notes for the console about what was loaded, e.g. weights from a run whose process died; each starts {@code note:}. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The scenario with its data and weights loaded.
     *
     * @param where where the entries that name them are written, for error messages
     * @throws org.lamina.scenarios.dsl.ScenarioException when something cannot be loaded or does not fit
     */
    public Scenario resolve(Scenario scenario, Locations where) {
        return scenario.withLoaded(populations(scenario, where), projections(scenario, where));
    }

    private List<PopulationSpec> populations(Scenario s, Locations where) {
        List<PopulationSpec> out = new ArrayList<>();
        Dataset train = null;
        Dataset test = null;
        for (PopulationSpec p : s.populations()) {
            if (!(p.model() instanceof DatasetInput in) || in.bound()) {
                out.add(p);
                continue;
            }
            Scenario.DatasetSpec spec = s.dataset();
            if (spec == null) {
                throw new IllegalStateException("population " + p.name() + " presents a dataset, but scenario "
                        + s.name() + " names none");
            }
            try {
                if (train == null) {
                    train = normalised(spec, Split.parse(spec.split()), spec.limit());
                }
                if (in.testShape() != null && test == null) {
                    test = normalised(spec, Split.TEST, spec.testLimit());
                }
                out.add(new PopulationSpec(p.name(), p.size(), p.batch(),
                        in.bind(train, in.testShape() == null ? null : test)));
            } catch (IOException | IllegalArgumentException e) {
                throw where.fail(Locations.DATASET, e.getMessage());
            }
        }
        return out;
    }

    /** One split, limited, with the normalisation fitted on the training split (the whole of it, whatever the limit). */
    private Dataset normalised(Scenario.DatasetSpec spec, Split split, int limit) throws IOException {
        String key = spec.source() + "/" + split.label() + "/" + limit + "/" + spec.normalise();
        Dataset done = loaded.get(key);
        if (done == null) {
            Normalisation norm = Normalisation.parse(spec.normalise());
            Dataset data = raw(spec.source(), split, limit);
            boolean whole = split == Split.TRAIN && limit == 0;
            Dataset statistics = norm == Normalisation.MEAN_STD && !whole ? raw(spec.source(), Split.TRAIN, 0) : data;
            done = norm.fit(statistics).apply(data);
            loaded.put(key, done);
        }
        return done;
    }

    private Dataset raw(String name, Split split, int limit) throws IOException {
        String key = name + "/" + split.label() + "/" + limit;
        Dataset d = loaded.get(key);
        if (d == null) {
            d = loader.load(name, split, limit);
            loaded.put(key, d);
        }
        return d;
    }

    private List<ProjectionSpec> projections(Scenario s, Locations where) {
        List<ProjectionSpec> out = new ArrayList<>();
        for (int i = 0; i < s.projections().size(); i++) {
            ProjectionSpec j = s.projections().get(i);
            if (j.init().kind() != WeightInit.Kind.REFERENCED) {
                out.add(j);
                continue;
            }
            String key = Locations.initOf(i);
            out.add(new ProjectionSpec(j.source(), j.target(), j.delaySteps(), fromRun(s, j, where, key), j.plasticity()));
        }
        return out;
    }

    /** Reads weights named {@code run#source -> target} (optionally {@code @step N}: the last snapshot at or before N). */
    private WeightInit fromRun(Scenario s, ProjectionSpec j, Locations where, String key) {
        String origin = j.init().origin();
        int hash = origin.lastIndexOf('#');
        int at = origin.lastIndexOf(Scenario.FROM_RUN_STEP);
        String run = origin.substring(0, hash);
        String projection = origin.substring(hash + 1, at < hash ? origin.length() : at);
        long upTo = at < hash ? Long.MAX_VALUE : Long.parseLong(origin.substring(at + Scenario.FROM_RUN_STEP.length()));
        String[] ends = projection.split("->");
        int rows = size(s, j.target());
        int cols = size(s, j.source());
        try {
            RunWeights.Snapshot w = RunWeights.upTo(Path.of(run), ends[0].trim(), ends[1].trim(), upTo);
            if (w.rows() != rows || w.cols() != cols) {
                throw where.fail(key, "the weights of " + projection + " in " + run + " are " + w.rows() + " x " + w.cols()
                        + ", this projection needs " + rows + " x " + cols + " (target x source)");
            }
            note(Path.of(run), key, w.step());
            return WeightInit.given(w.values(), w.extras(), run + "#" + projection + Scenario.FROM_RUN_STEP + w.step());
        } catch (IOException e) {
            throw where.fail(key, e.getMessage());
        }
    }

    /** Says so when the run weights come from did not end as runs do (dead, or still running). */
    private void note(Path run, String key, long step) {
        RunState state;
        try {
            state = Files.isDirectory(run) ? RunState.of(run) : null;
        } catch (IOException e) {
            notes.add("note: " + key + ": how " + run + " ended cannot be told (" + e.getMessage() + ")");
            return;
        }
        if (state == null) {
            return;
        }
        switch (state.status()) {
            case DEAD -> notes.add("note: " + key + ": " + run + " is dead (" + state.detail() + "); its weights as last"
                    + " recorded, at step " + step + ", are used");
            case RUNNING, UNKNOWN -> notes.add("note: " + key + ": " + run + " is still running (or its state is unknown);"
                    + " its weights as recorded so far, at step " + step + ", are used");
            default -> {
            }
        }
    }

    private static int size(Scenario s, String population) {
        return s.populations().stream().filter(p -> p.name().equals(population)).findFirst().orElseThrow().size();
    }
}
