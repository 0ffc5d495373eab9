package org.lamina.scenarios.dsl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.params.ModelType;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;

/**
 * A checked scenario: what to simulate, how long, and what to record. Files (HOCON, read by
 * {@link ScenarioParser}) and the {@link Builder} use the same names; {@link #toHocon()} writes
 * a file that parses back to an equal scenario. As parsed, its dataset inputs know only the
 * shapes of their splits and weights from a previous run only where they are; it can run once
 * they are loaded ({@link #loaded()}, done by {@code ScenarioResolver}).
 *
 * @param backend            the run's kernel backend request ({@code auto}, {@code opencl} or {@code java})
 * @param populationBackends the populations whose kernels use another backend than the run's, by
 *                           name (sorted), with their request ({@code auto}, {@code opencl} or {@code java})
 */
public record Scenario(String name, long seed, double dtMs, int batch, String backend, DatasetSpec dataset,
                       List<PopulationSpec> populations, List<ProjectionSpec> projections,
                       List<Phase> schedule, RecordingSpec recording, SortedMap<String, String> populationBackends,
                       CheckpointSpec checkpoint, List<String> controls) {

    /**
     * The control that runs the schedule without its unsupervised phases: the same readout on the
     * layers' initial (random) weights, drawn from the same seed as the run's own.
     */
    public static final String RANDOM_WEIGHTS_CONTROL = "random-weights";

    /** The controls a scenario can ask for. */
    public static final List<String> CONTROLS = List.of(RANDOM_WEIGHTS_CONTROL);

    /**
     * The run of control {@code control}: this scenario without the phases of kind unsupervised
     * (so every learning layer keeps its initial weights), named {@code <name>-<control>}, saving
     * no checkpoints and asking for no controls of its own.
     */
    public Scenario control(String control) {
        if (!control.equals(RANDOM_WEIGHTS_CONTROL)) {
            throw new IllegalArgumentException("unknown control '" + control + "'; known: " + CONTROLS);
        }
        List<Phase> kept = schedule.stream().filter(p -> p.kind() != PhaseKind.UNSUPERVISED).toList();
        return new Scenario(name + "-" + control, seed, dtMs, batch, backend, dataset, populations, projections, kept,
                recording, populationBackends, new CheckpointSpec(0, 1), List.of());
    }

    /**
     * When a run saves a checkpoint ({@code lamina resume} continues from the latest): after every
     * {@code every}-th epoch of a phase that counts epochs, and at the end of every phase (0: never),
     * keeping the latest {@code keep} checkpoint files.
     */
    public record CheckpointSpec(int every, int keep) {
        /** Every epoch, the latest two kept: a crash costs at most an epoch, and a damaged file has a fallback. */
        public static final CheckpointSpec DEFAULT = new CheckpointSpec(1, 2);

        public CheckpointSpec {
            if (every < 0 || keep < 1) {
                throw new IllegalArgumentException("checkpoint.every must be >= 0 and checkpoint.keep >= 1, got " + every
                        + " and " + keep);
            }
        }

        public boolean enabled() {
            return every > 0;
        }
    }

    /** The most steps a schedule may add up to (steps are counted in a {@code long}, with room for delays). */
    public static final long MAX_STEPS = Long.MAX_VALUE / 2;

    /** What a run name may be, for people: it names the run's folder, so it must stay one plain folder name. */
    public static final String NAME_RULE = "a run name (it names the run folder) uses letters, digits, '.', '_' and '-',"
            + " does not start with '.', and has at most 100 characters";

    /** Whether {@code name} follows {@link #NAME_RULE}. */
    public static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    }

    /** A schedule that cannot be: names the phase (its index in the schedule) that makes it so. */
    public static final class ScheduleException extends IllegalArgumentException {
        private final int phase;

        ScheduleException(int phase, String message) {
            super(message);
            this.phase = phase;
        }

        public int phase() {
            return phase;
        }
    }

    /** What a {@code backend} (of the run or of a population) may be. */
    public static final List<String> BACKENDS = List.of("auto", "opencl", "java");

    /** Where a {@code dataset-input} population's images come from ({@code null}: no dataset). */
    public record DatasetSpec(String source, String split, int limit, int testLimit, String normalise) {
    }

    /** The name of the test pass a phase with {@code testEachEpoch} runs after each of its epochs. */
    public static final String EPOCH_TEST_PHASE = "test";

    /**
     * A named stretch of simulated time: either {@code steps} given outright ({@code epochs} 0),
     * or {@code epochs} passes over the data, each {@code epochSteps} long, plus
     * {@code drainSteps} once at the end for what is still in flight to arrive; with
     * {@code testEachEpoch} every epoch is drained and followed by a test pass of
     * {@code testSteps} (its own drain included). {@code steps} is then the total.
     *
     * @param learns what learns during it: population names (their incoming projections with a
     *               rule) and projections {@code "source -> target"}; null for the default of its
     *               kind (the projections whose rules learn in phases of that kind)
     */
    public record Phase(String name, PhaseKind kind, long steps, int epochs, boolean testEachEpoch, long epochSteps,
                        long drainSteps, long testSteps, List<String> learns) {
        public Phase {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a phase needs a name");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("phase " + name + ": steps must be >= 1, got " + steps);
            }
            learns = learns == null ? null : List.copyOf(learns);
            if (kind == PhaseKind.TEST && learns != null && !learns.isEmpty()) {
                throw new IllegalArgumentException("phase " + name + " tests: nothing learns in it");
            }
        }

        /** A phase of plain simulated time. */
        public Phase(String name, long steps) {
            this(name, PhaseKind.RUN, steps, 0, false, steps, 0, 0, null);
        }

        public boolean byEpochs() {
            return epochs > 0;
        }

        /** The phase as the engine delivers it in {@code network}: which projections learn during it. */
        public org.lamina.sim.model.Phase inEngine(NetworkSpec network) {
            return learns == null ? network.phase(name, kind) : network.phase(name, kind, learns);
        }
    }

    /** A phase as asked for, before the data sizes turn epochs into steps. */
    private record PhaseRequest(String name, PhaseKind kind, long steps, int epochs, boolean testEachEpoch,
                                List<String> learns) {
    }

    public Scenario {
        controls = List.copyOf(controls);
        populations = List.copyOf(populations);
        projections = List.copyOf(projections);
        schedule = List.copyOf(schedule);
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("the schedule needs at least one phase");
        }
        populationBackends = Collections.unmodifiableSortedMap(new TreeMap<>(populationBackends == null ? Map.of()
                : populationBackends));
        for (Map.Entry<String, String> e : populationBackends.entrySet()) {
            if (populations.stream().noneMatch(p -> p.name().equals(e.getKey()))) {
                throw new IllegalArgumentException("a kernel backend is given for population " + e.getKey()
                        + ", which the network does not have");
            }
            if (!BACKENDS.contains(e.getValue())) {
                throw new IllegalArgumentException("population " + e.getKey() + ": unknown kernel backend '"
                        + e.getValue() + "': expected auto, opencl or java");
            }
        }
    }

    /** The network to simulate; the scenario must be {@link #loaded()}. */
    public NetworkSpec network() {
        if (!loaded()) {
            throw new IllegalStateException("scenario " + name + " presents data or starts from weights that are not"
                    + " loaded yet; resolve it first (ScenarioResolver)");
        }
        return unchecked();
    }

    /** The network as specified, loaded or not (for checks that need no data). */
    private NetworkSpec unchecked() {
        return new NetworkSpec(populations, projections, dtMs, seed);
    }

    /** Whether every dataset input has its data and every projection its weights, so the network can be built. */
    public boolean loaded() {
        return populations.stream().allMatch(p -> !(p.model() instanceof DatasetInput in) || in.bound())
                && projections.stream().allMatch(j -> j.init().kind() != WeightInit.Kind.REFERENCED);
    }

    /** The same scenario with loaded populations and projections (same names, sizes and order). */
    public Scenario withLoaded(List<PopulationSpec> loadedPopulations, List<ProjectionSpec> loadedProjections) {
        return new Scenario(name, seed, dtMs, batch, backend, dataset, loadedPopulations, loadedProjections, schedule,
                recording, populationBackends, checkpoint, controls);
    }

    /** Separates a from-run origin's projection from the step of its snapshot ({@code run#a -> b@step 600}). */
    public static final String FROM_RUN_STEP = "@step ";

    /** All phases' steps (at most {@link #MAX_STEPS}: the builder checks it). */
    public long totalSteps() {
        return schedule.stream().mapToLong(Phase::steps).reduce(0, Math::addExact);
    }

    /**
     * Projections with a learning rule that no phase of the schedule lets learn: they keep their
     * initial (or restored) weights. Legitimate when the weights come from a previous run;
     * otherwise usually a phase of the wrong kind, or a {@code learns} list that forgot them.
     */
    public List<ProjectionSpec> neverLearning() {
        NetworkSpec net = unchecked();
        Set<Integer> learning = new java.util.HashSet<>();
        schedule.forEach(p -> learning.addAll(p.inEngine(net).learning()));
        List<ProjectionSpec> idle = new ArrayList<>();
        for (int j = 0; j < projections.size(); j++) {
            if (projections.get(j).plasticity().plastic() && !learning.contains(j)) {
                idle.add(projections.get(j));
            }
        }
        return idle;
    }

    /** Whether this is a control's run ({@link #control}), named {@code <name>-<control>}. */
    public boolean isControl() {
        return CONTROLS.stream().anyMatch(c -> name.endsWith("-" + c));
    }

    /**
     * One line per {@link #neverLearning()} projection, for the console; none for a control,
     * whose layers keep their initial weights on purpose.
     */
    public List<String> learnerNotes() {
        List<String> notes = new ArrayList<>();
        if (isControl()) {
            return notes;
        }
        for (ProjectionSpec j : neverLearning()) {
            notes.add("note: projection " + j.label() + " has the rule " + j.plasticity().rule() + ", which learns in "
                    + j.plasticity().learnsIn().label() + " phases, but no phase of the schedule lets it learn, so it keeps"
                    + " the weights it starts with (as intended when they come from a previous run; otherwise add a phase"
                    + " of that kind, or name it in a phase's learns)");
        }
        return notes;
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
                    .append(", limit = ").append(dataset.limit()).append(", test-limit = ").append(dataset.testLimit())
                    .append(", normalise = ").append(q(dataset.normalise())).append(" }\n");
        }
        h.append("network {\n  populations {\n");
        for (PopulationSpec p : populations) {
            h.append("    ").append(Hocon.key(p.name())).append(" { size = ").append(p.size())
                    .append(", model = ").append(q(p.model().name()));
            String own = populationBackends.get(p.name());
            if (own != null) {
                h.append(", backend = ").append(own);
            }
            for (Map.Entry<String, String> e : ModelCatalog.render(p.model(), false).entrySet()) {
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
                case GIVEN, REFERENCED -> {
                    // run#source -> target@step N: the snapshot's step (GIVEN) or the last step asked for.
                    int hash = w.origin().lastIndexOf('#');
                    int at = w.origin().lastIndexOf(FROM_RUN_STEP);
                    String projection = w.origin().substring(hash + 1, at < hash ? w.origin().length() : at);
                    yield "{ kind = from-run, run = " + q(w.origin().substring(0, hash)) + ", projection = "
                            + q(projection) + (at < hash ? "" : ", step = " + w.origin().substring(at + FROM_RUN_STEP.length()))
                            + " }";
                }
            };
            h.append("    { source = ").append(q(j.source())).append(", target = ").append(q(j.target()))
                    .append(", delay-steps = ").append(j.delaySteps()).append(", init = ").append(init);
            if (j.plasticity().plastic()) {
                ModelDescriptor target = populations.stream().filter(p -> p.name().equals(j.target())).findFirst()
                        .orElseThrow().model();
                h.append(",\n      plasticity = {");
                Map<String, String> rule = ModelCatalog.render(target, true);
                h.append(" rule = ").append(rule.remove(ModelType.RULE)); // the rule first, then its keys
                for (Map.Entry<String, String> e : rule.entrySet()) {
                    h.append(", ").append(e.getKey()).append(" = ").append(e.getValue());
                }
                h.append(" }");
            }
            h.append(" }\n");
        }
        h.append("  ]\n}\nschedule = [\n");
        for (Phase p : schedule) {
            h.append("  { phase = ").append(q(p.name())).append(", kind = ").append(p.kind().label());
            if (p.byEpochs()) {
                h.append(", epochs = ").append(p.epochs()).append(", test-each-epoch = ").append(p.testEachEpoch());
            } else {
                h.append(", steps = ").append(p.steps());
            }
            if (p.learns() != null) {
                h.append(", learns = ").append(p.learns().stream().map(Scenario::q).toList());
            }
            h.append(" }\n");
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
        if (!controls.isEmpty()) {
            h.append("controls = ").append(controls.stream().map(Scenario::q).toList()).append('\n');
        }
        if (!checkpoint.equals(CheckpointSpec.DEFAULT)) { // the default is left out: older runs' texts stay as they were
            h.append("checkpoint { every = ").append(checkpoint.every()).append(", keep = ").append(checkpoint.keep())
                    .append(" }\n");
        }
        return h.toString();
    }

    private static String names(Set<String> names) {
        return names.stream().sorted().map(Scenario::q).toList().toString();
    }

    private static String q(String s) {
        return Hocon.value(s);
    }

    /** Builds a scenario in Java with the names of the file format. */
    public static final class Builder {
        private final String name;
        private long seed = 1;
        private double dtMs = 0.5;
        private int batch = 1;
        private String backend = "auto";
        private final List<Object[]> populations = new ArrayList<>(); // name, size, model: batch applies at build
        private final Map<String, String> populationBackends = new TreeMap<>();
        private final List<ProjectionSpec> projections = new ArrayList<>();
        private final List<PhaseRequest> schedule = new ArrayList<>();
        private DatasetShape testSplit;
        private RecordingSpec recording = RecordingSpec.none();
        private CheckpointSpec checkpoint = CheckpointSpec.DEFAULT;
        private List<String> controls = List.of();
        private DatasetSpec dataset;

        private Builder(String name) {
            if (!validName(name)) {
                throw new IllegalArgumentException(NAME_RULE + ", got " + Hocon.value(String.valueOf(name)));
            }
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

        /**
         * A population whose kernels use {@code backend} ({@code auto}, {@code opencl} or
         * {@code java}) instead of the run's; {@code null} for the run's.
         */
        public Builder population(String name, int size, ModelDescriptor model, String backend) {
            population(name, size, model);
            if (backend != null) {
                populationBackends.put(name, backend.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        public Builder projection(String source, String target, int delaySteps, WeightInit init, Plasticity plasticity) {
            projections.add(new ProjectionSpec(source, target, delaySteps, init, plasticity));
            return this;
        }

        /** A phase of {@code steps} steps of plain simulated time. */
        public Builder phase(String name, long steps) {
            return phase(name, PhaseKind.RUN, steps);
        }

        /** A phase of {@code steps} steps in which what its kind makes learn learns. */
        public Builder phase(String name, PhaseKind kind, long steps) {
            return phase(name, kind, steps, null);
        }

        /** A phase of {@code steps} steps in which {@code learns} learn (null: by its kind; see {@link Phase}). */
        public Builder phase(String name, PhaseKind kind, long steps, List<String> learns) {
            new Phase(name, kind, steps, 0, false, steps, 0, 0, learns); // checks name, steps and learns now
            schedule.add(new PhaseRequest(name, kind, steps, 0, false, learns));
            return this;
        }

        /**
         * A phase of {@code epochs} passes over the data (a test phase: one pass over the test
         * split); with {@code testEachEpoch} the test split is presented after every epoch.
         */
        public Builder epochs(String name, PhaseKind kind, int epochs, boolean testEachEpoch) {
            return epochs(name, kind, epochs, testEachEpoch, null);
        }

        /** As above, with {@code learns} learning (null: by its kind; see {@link Phase}). */
        public Builder epochs(String name, PhaseKind kind, int epochs, boolean testEachEpoch, List<String> learns) {
            if (epochs < 1) {
                throw new IllegalArgumentException("phase " + name + ": epochs must be >= 1, got " + epochs);
            }
            if (kind == PhaseKind.TEST && (epochs != 1 || testEachEpoch)) {
                throw new IllegalArgumentException("phase " + name + ": a test phase is one pass over the test split");
            }
            schedule.add(new PhaseRequest(name, kind, 0, epochs, testEachEpoch, learns));
            return this;
        }

        /** The test split that test passes present (loaded with the training split's normalisation). */
        public Builder testSplit(DatasetShape test) {
            this.testSplit = test;
            return this;
        }

        public Builder dataset(DatasetSpec dataset) {
            this.dataset = dataset;
            return this;
        }

        public Builder controls(List<String> controls) {
            this.controls = List.copyOf(controls);
            return this;
        }

        public Builder checkpoint(CheckpointSpec checkpoint) {
            this.checkpoint = checkpoint;
            return this;
        }

        public Builder recording(RecordingSpec recording) {
            this.recording = recording;
            return this;
        }

        public Scenario build() {
            List<PopulationSpec> pops = populations.stream()
                    .map(p -> new PopulationSpec((String) p[0], (Integer) p[1], batch, (ModelDescriptor) p[2])).toList();
            List<Phase> phases = new ArrayList<>();
            Map<String, DatasetInput.PhasePlan> plans = new TreeMap<>();
            List<DatasetInput> inputs = pops.stream().filter(p -> p.model() instanceof DatasetInput)
                    .map(p -> (DatasetInput) p.model()).toList();
            long total = 0;
            for (int i = 0; i < schedule.size(); i++) {
                PhaseRequest r = schedule.get(i);
                Phase phase = r.epochs() == 0 ? new Phase(r.name(), r.kind(), r.steps(), 0, false, r.steps(), 0, 0,
                        r.learns())
                        : epochPhase(i, r, inputs, pops, plans);
                phases.add(phase);
                if (phase.steps() > MAX_STEPS - total) {
                    throw new ScheduleException(i, "the schedule adds up to more than " + MAX_STEPS + " steps by phase "
                            + r.name());
                }
                total += phase.steps();
            }
            if (inputs.stream().map(DatasetInput::stepsPerPresentation).distinct().count() > 1
                    || inputs.stream().map(DatasetInput::shuffle).distinct().count() > 1) {
                throw new IllegalArgumentException("every dataset-input population must present the same way (the same"
                        + " steps-per-presentation and shuffle), or their examples (images and labels) drift apart");
            }
            for (PhaseRequest r : schedule) {
                if (r.epochs() == 0 && plans.containsKey(r.name())) {
                    throw new IllegalArgumentException("phase " + r.name() + " is given in steps but shares its name with a"
                            + " phase that counts epochs" + (r.name().equals(EPOCH_TEST_PHASE) ? " (or the test pass after"
                            + " each epoch)" : "") + "; give it another name");
                }
            }
            // Every input gets the run seed (its shuffles depend on it alone) and the phase plans.
            pops = pops.stream().map(p -> p.model() instanceof DatasetInput in
                    ? new PopulationSpec(p.name(), p.size(), p.batch(), in.withPhases(plans, testSplit, seed)) : p).toList();
            Scenario s = new Scenario(name, seed, dtMs, batch, backend, dataset, pops, projections, phases, recording,
                    new TreeMap<>(populationBackends), checkpoint, controls);
            s.recording().validateAgainst(s.unchecked());
            for (Phase p : phases) {
                p.inEngine(s.unchecked()); // every name in learns names a population or projection that has a rule
            }
            return s;
        }

        /** A phase that counts epochs, in steps; {@code i} is its index in the schedule. */
        private Phase epochPhase(int i, PhaseRequest r, List<DatasetInput> inputs, List<PopulationSpec> pops,
                                 Map<String, DatasetInput.PhasePlan> plans) {
            if (inputs.isEmpty()) {
                throw new ScheduleException(i, "phase " + r.name() + " counts epochs but no population is a "
                        + "dataset-input; give its length in steps instead");
            }
            boolean test = r.kind() == PhaseKind.TEST;
            if ((test || r.testEachEpoch()) && testSplit == null) {
                throw new ScheduleException(i, "phase " + r.name() + " presents the test split, which is not loaded");
            }
            int spp = inputs.get(0).stepsPerPresentation();
            long drain = PipelineDepth.fromInputs(pops, projections);
            DatasetShape split = test ? testSplit : inputs.get(0).shape();
            long epochSteps;
            long testSteps;
            long steps;
            try {
                epochSteps = Math.multiplyExact((long) DatasetInput.batchesPerPass(split.size(), batch), spp);
                testSteps = r.testEachEpoch()
                        ? Math.addExact(Math.multiplyExact((long) DatasetInput.batchesPerPass(testSplit.size(), batch), spp),
                        drain) : 0;
                steps = r.testEachEpoch()
                        ? Math.multiplyExact(r.epochs(), Math.addExact(Math.addExact(epochSteps, drain), testSteps))
                        : Math.addExact(Math.multiplyExact(r.epochs(), epochSteps), drain);
            } catch (ArithmeticException e) {
                throw new ScheduleException(i, "phase " + r.name() + ": " + r.epochs() + " epochs of "
                        + DatasetInput.batchesPerPass(split.size(), batch) + " minibatches, " + spp + " steps each, are"
                        + " more steps than can be counted");
            }
            plan(plans, r.name(), new DatasetInput.PhasePlan(r.testEachEpoch() ? 1 : r.epochs(), test));
            if (r.testEachEpoch()) {
                plan(plans, EPOCH_TEST_PHASE, new DatasetInput.PhasePlan(1, true));
            }
            return new Phase(r.name(), r.kind(), steps, r.epochs(), r.testEachEpoch(), epochSteps, drain, testSteps,
                    r.learns());
        }

        private static void plan(Map<String, DatasetInput.PhasePlan> plans, String name, DatasetInput.PhasePlan plan) {
            DatasetInput.PhasePlan old = plans.putIfAbsent(name, plan);
            if (old != null && !old.equals(plan)) {
                throw new IllegalArgumentException("two phases named " + name + " present data differently (" + old + " and "
                        + plan + "); give them different names");
            }
        }
    }
}
