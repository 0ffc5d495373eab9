package org.lamina.scenarios.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.Split;
import org.lamina.neurons.catalog.Models;
import org.lamina.neurons.krotov.KrotovLayer;
import org.lamina.neurons.layer.SpikePresentation;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamValues;
import org.lamina.scenarios.data.Datasets;
import org.lamina.neurons.readout.ReadoutLayer;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;

/**
 * Reads a scenario file (HOCON) with {@code --set key=value} overrides. Everything is checked
 * before anything runs: syntax, unknown keys (with the closest known one), types, ranges,
 * names that must refer to populations, model state variables and dimensions. Every error names
 * file:line, the key and what was expected.
 *
 * <p>Parsing is pure: it reads no file but the scenario itself. Datasets are described by their
 * shapes ({@link Datasets#shape}) and a previous run's weights by where they are; loading them
 * is the resolver's job ({@code ScenarioResolver}), so a scenario can be checked before anything
 * is fetched.
 */
public final class ScenarioParser {
    private static final Set<String> TOP = Set.of("name", "seed", "dt-ms", "batch", "backend", "dataset", "network",
            "schedule", "recording", "sweep", "checkpoint", "controls");
    /** Keys a sweep may not vary: they are not per-run settings. */
    private static final Set<String> UNSWEEPABLE = Set.of("sweep", "name");

    /**
     * A scenario file as a grid of runs: the points of its sweep (one point if it has none), each
     * checked, and where in the file the entries that need loading are (for the resolver's errors).
     */
    public record Plan(Scenario base, Sweep sweep, List<Scenario> points, Locations locations) {
    }

    /** Parses a file that may hold a {@code sweep}; every point is checked before anything runs. */
    public static Plan plan(Path file, List<String> overrides) {
        return plan(ScenarioSource.file(file), overrides);
    }

    /** As {@link #plan(Path, List)}, for a scenario given as text ({@code originName} stands for its file). */
    public static Plan planText(String text, String originName, List<String> overrides) {
        return plan(ScenarioSource.text(text, originName), overrides);
    }

    /**
     * As {@link #plan(Path, List)}, for a scenario shipped as a classpath resource
     * ({@code examples/quickstart.conf}), which may include resources of its folder.
     */
    public static Plan planResource(String resource, List<String> overrides) {
        return plan(ScenarioSource.resource(resource), overrides);
    }

    private static Plan plan(ScenarioSource.Parsed raw, List<String> overrides) {
        Map<String, String> where = new java.util.HashMap<>();
        Scenario base = parse(raw, overrides, where);
        Locations locations = new Locations(Section.where(raw.config().origin()), where);
        Config config = resolve(raw, overrides); // --set may give or change the sweep
        if (!config.hasPath("sweep")) {
            return new Plan(base, null, List.of(base), locations);
        }
        Sweep sweep = readSweep(Section.root(config));
        List<Scenario> points = new ArrayList<>();
        for (Sweep.Point p : sweep.points()) {
            List<String> all = new ArrayList<>(overrides);
            all.addAll(p.overrides());
            points.add(parse(raw, all, new java.util.HashMap<>()));
        }
        return new Plan(base, sweep, points, locations);
    }

    private static Sweep readSweep(Section root) {
        Section s = root.object("sweep");
        s.onlyKnown(Set.of("grid", "objective", "goal", "report"));
        Section grid = s.object("grid");
        Map<String, List<String>> axes = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, com.typesafe.config.ConfigValue> e : grid.entriesInFileOrder()) {
            String key = e.getKey();
            if (UNSWEEPABLE.contains(key.split("\\.")[0])) {
                throw grid.fail(Hocon.key(key), "cannot be swept");
            }
            if (e.getValue().valueType() != com.typesafe.config.ConfigValueType.LIST
                    || ((com.typesafe.config.ConfigList) e.getValue()).isEmpty()) {
                throw grid.fail(Hocon.key(key), "expected a non-empty list of values, e.g. [0.1, 0.3]");
            }
            List<String> values = new ArrayList<>();
            for (com.typesafe.config.ConfigValue v : (com.typesafe.config.ConfigList) e.getValue()) {
                values.add(v.render(com.typesafe.config.ConfigRenderOptions.concise()));
            }
            axes.put(key, values);
        }
        if (axes.isEmpty()) {
            throw s.fail("grid", "needs at least one key to vary");
        }
        String goal = s.choice("goal", "max", List.of("min", "max"));
        return new Sweep(axes, s.string("objective", ""), goal, s.strings("report"));
    }

    private ScenarioParser() {
    }

    public static Scenario parse(Path file, List<String> overrides) {
        return parse(ScenarioSource.file(file), overrides, new java.util.HashMap<>());
    }

    public static Scenario parseText(String text, String originName, List<String> overrides) {
        return parse(ScenarioSource.text(text, originName), overrides, new java.util.HashMap<>());
    }

    /** Parses; {@code where} collects the locations of the entries the resolver loads. */
    private static Scenario parse(ScenarioSource.Parsed base, List<String> overrides, Map<String, String> where) {
        Config config = resolve(base, overrides);
        try {
            return parseResolved(config, where);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // A check below the parser's own (a builder, a model): still bad input, reported at the file.
            throw new ScenarioException(Section.where(base.config().origin()), "", e.getMessage());
        }
    }

    /**
     * {@code base} with each {@code key=value} of {@code overrides} taking precedence, in order,
     * resolved once the substitutions of all of them are known to stay bounded. A key may select
     * an element of a list by what it connects or by its index, so that
     * {@code network.projections[image -> hidden].plasticity.lr=0.1} changes one projection.
     */
    private static Config resolve(ScenarioSource.Parsed base, List<String> overrides) {
        Config config = base.config();
        Substitutions subs = base.substitutions().copy();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq < 1) {
                throw new ScenarioException("--set " + o, "", "expected key=value");
            }
            java.util.regex.Matcher selected = SELECTED.matcher(o.substring(0, eq).trim());
            if (selected.matches()) {
                config = withSelected(config, o, selected.group(1), selected.group(2).trim(), selected.group(3),
                        o.substring(eq + 1), subs);
                continue;
            }
            try {
                config = ScenarioSource.override(o, subs).withFallback(config);
            } catch (ScenarioException e) {
                throw e.key().isEmpty() ? new ScenarioException("--set " + o, o.substring(0, eq).trim(), e.detail()) : e;
            }
        }
        subs.check();
        try {
            return config.resolve();
        } catch (ConfigException e) {
            throw ScenarioSource.syntax(Section.where(config.origin()), e);
        } catch (StackOverflowError e) {
            throw new ScenarioException(Section.where(base.config().origin()), "", "substitutions chained too deeply"
                    + " to resolve");
        }
    }

    /** {@code list[selector].rest}: an element of a list, by {@code source -> target} or by index. */
    private static final java.util.regex.Pattern SELECTED = java.util.regex.Pattern.compile("([^\\[\\]=]+)\\[([^\\]]+)]\\.(.+)");

    /** {@code config} with {@code rest = value} set in the element of the list at {@code path} that {@code selector} picks. */
    private static Config withSelected(Config config, String override, String path, String selector, String rest,
                                       String value, Substitutions subs) {
        String where = "--set " + override;
        com.typesafe.config.ConfigList list;
        try {
            list = config.getList(path);
        } catch (ConfigException e) {
            throw new ScenarioException(where, path, "expected a list to select [" + selector + "] from: " + e.getMessage());
        }
        List<String> labels = new ArrayList<>();
        int index = -1;
        for (int i = 0; i < list.size(); i++) {
            com.typesafe.config.ConfigValue v = list.get(i);
            String label = String.valueOf(i);
            if (v instanceof com.typesafe.config.ConfigObject o && o.toConfig().hasPath("source")
                    && o.toConfig().hasPath("target")) {
                label = o.toConfig().getString("source") + " -> " + o.toConfig().getString("target");
            }
            labels.add(label);
            boolean byIndex = selector.matches("\\d+") && Integer.parseInt(selector) == i;
            if (byIndex || label.equals(selector.replaceAll("\\s*->\\s*", " -> "))) {
                index = i;
            }
        }
        if (index < 0 || !(list.get(index) instanceof com.typesafe.config.ConfigObject element)) {
            throw new ScenarioException(where, path + "[" + selector + "]", "no such element; " + path + " holds "
                    + labels + " (select by \"source -> target\" or by index)");
        }
        Config changed;
        try {
            changed = ScenarioSource.override(rest + "=" + value, subs).withFallback(element.toConfig());
        } catch (ScenarioException e) {
            throw new ScenarioException(where, path + "[" + selector + "]." + rest, e.detail());
        }
        List<com.typesafe.config.ConfigValue> values = new ArrayList<>(list);
        values.set(index, changed.root());
        return config.withValue(path, com.typesafe.config.ConfigValueFactory.fromIterable(values).withOrigin(list.origin()));
    }

    private static Scenario parseResolved(Config config, Map<String, String> where) {
        Section root = Section.root(config);
        root.onlyKnown(TOP);
        if (root.has("sweep")) {
            readSweep(root); // checked here too, so `validate` reports a bad sweep
        }
        long seed = root.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        int batch = (int) root.integer("batch", 1, 1, 1_000_000);
        String name = root.string("name");
        if (!Scenario.validName(name)) {
            throw root.fail("name", Scenario.NAME_RULE + "; got " + shown(name));
        }
        Scenario.Builder b = Scenario.builder(name)
                .seed(seed)
                .dtMs(root.decimal("dt-ms", 0.5, Param.SHORTEST_TIME_MS, Param.LIMIT))
                .batch(batch)
                .backend(root.choice("backend", "auto", Scenario.BACKENDS));

        DatasetShape data = null;
        Section datasetSection = null;
        Scenario.DatasetSpec datasetSpec = null;
        if (root.has("dataset")) {
            Section d = root.object("dataset");
            d.onlyKnown(Set.of("source", "split", "limit", "test-limit", "normalise"));
            String source = d.choice("source", null, Datasets.names());
            // Bars are already 0/1; images in IDX files are 0..255.
            String defaultNorm = source.equals("bars") ? "none" : "divide-255";
            Scenario.DatasetSpec spec = new Scenario.DatasetSpec(source,
                    d.choice("split", "train", List.of("train", "test")), (int) d.integer("limit", 0, 0, Integer.MAX_VALUE),
                    (int) d.integer("test-limit", 0, 0, Integer.MAX_VALUE),
                    d.choice("normalise", defaultNorm, List.of("none", "divide-255", "unit-length", "mean-std")));
            data = Datasets.shape(source, Split.parse(spec.split()), spec.limit());
            where.put(Locations.DATASET, d.whereOf("source"));
            b.dataset(spec);
            datasetSection = d;
            datasetSpec = spec;
        }
        Section network = root.object("network");
        network.onlyKnown(Set.of("populations", "projections"));
        List<Section> projectionSections = network.objects("projections");
        Map<String, ModelCatalog.RuleBlock> rules = ruleBlocks(projectionSections);
        Map<String, Integer> sizes = new java.util.HashMap<>();
        Map<String, ModelDescriptor> models = new java.util.HashMap<>();
        Map<String, Section> sections = new java.util.LinkedHashMap<>();
        Map<String, ModelDescriptor> inputs = datasetInputs(network, new ModelContext(data, seed, batch));
        ModelContext context = new ModelContext(data, seed, batch, spikePresentation(network, inputs));
        if (context.spikes() != null && datasetSpec != null
                && !List.of("divide-255", "none").contains(datasetSpec.normalise())) {
            throw datasetSection.fail("normalise", "spike-coded images read each pixel as a spike probability per step in"
                    + " [0, 1]: use divide-255 (or none for bars), not " + datasetSpec.normalise());
        }
        for (Map.Entry<String, Section> e : network.objectsInFileOrder("populations")) {
            Section p = e.getValue();
            if (!e.getKey().matches("[A-Za-z][A-Za-z0-9_.-]{0,99}")) {
                throw p.failHere("a population name starts with a letter, uses letters, digits, '_', '.', '-' and has at"
                        + " most 100 characters (it names files of the run)");
            }
            int size = (int) p.integer("size", 1, 100_000_000);
            if ((long) size * batch > MAX_ARRAY) {
                throw p.fail("size", "a population of " + size + " units x a batch of " + batch + " examples: more than"
                        + " one array holds (" + MAX_ARRAY + ")");
            }
            // The population's own kernel backend, if it overrides the run's (a population key, like size and model).
            String backend = p.has("backend") ? p.choice("backend", null, Scenario.BACKENDS) : null;
            ModelDescriptor model = inputs.containsKey(e.getKey()) ? inputs.get(e.getKey())
                    : ModelCatalog.read(e.getKey(), p, rules.get(e.getKey()), context);
            if (model instanceof DatasetInput in && in.width() != size) {
                throw p.fail("size", "a dataset-input population that emits " + in.emit().label() + " needs "
                        + in.width() + " units: " + in.widthDescription() + "; size is " + size);
            }
            b.population(e.getKey(), size, model, backend);
            where.put(Locations.sizeOf(e.getKey()), p.whereOf("size"));
            sizes.put(e.getKey(), size);
            models.put(e.getKey(), model);
            sections.put(e.getKey(), p);
        }
        if (sizes.isEmpty()) {
            throw network.fail("populations", "needs at least one population");
        }
        checkPopulationParams(sections, models, sizes);
        rules.forEach((target, rule) -> {
            if (models.containsKey(target) && sizes.containsKey(rule.source())) { // else reported with the projection
                ModelCatalog.checkRuleProjection(models.get(target), rule);
            }
        });
        Set<String> pairs = new HashSet<>();
        List<ProjectionSpec> projections = new ArrayList<>();
        for (Section j : projectionSections) {
            if (j.has("init")) {
                where.put(Locations.initOf(projections.size()), j.object("init").whereOf("run"));
            }
            j.onlyKnown(Set.of("source", "target", "delay-steps", "init", "plasticity"));
            String source = population(j, "source", sizes);
            String target = population(j, "target", sizes);
            if (!pairs.add(source + "->" + target)) {
                throw j.failHere("a second projection " + source + " -> " + target + "; merge them into one");
            }
            ModelCatalog.RuleBlock rule = rules.get(target);
            Plasticity plasticity = rule != null && rule.source().equals(source)
                    ? Models.of(models.get(target)).plasticity(models.get(target)) : Plasticity.NONE;
            ProjectionSpec spec = new ProjectionSpec(source, target, (int) j.integer("delay-steps", 1, 1, 1_000_000), init(j),
                    plasticity);
            if ((long) sizes.get(source) * sizes.get(target) > MAX_ARRAY) {
                throw j.failHere("a projection of " + sizes.get(target) + " x " + sizes.get(source) + " weights: more than"
                        + " one array holds (" + MAX_ARRAY + ")");
            }
            if (models.get(source) instanceof DatasetInput in && in.encoding() != DatasetInput.Encoding.ANALOG
                    && !(models.get(target) instanceof KrotovLayer)) {
                throw j.fail("target", source + " sends its images as spikes, which a krotov-layer takes; " + target
                        + " is a " + models.get(target).name() + " (use encoding = analog for it)");
            }
            if (models.get(source) instanceof KrotovLayer k && k.spikeOutput()
                    && !(models.get(target) instanceof ReadoutLayer)) {
                throw j.fail("target", source + " sends its features as spikes, which a readout counts; " + target
                        + " is a " + models.get(target).name() + " (use output = dense)");
            }
            b.projection(spec.source(), spec.target(), spec.delaySteps(), spec.init(), spec.plasticity());
            projections.add(spec);
            if (source.equals(target)) {
                // A model that cannot take its own output says so here, at the projection.
                try {
                    models.get(target).checkIncoming(context(target, sizes, batch, List.of(spec)));
                } catch (IllegalArgumentException e) {
                    if (e.getMessage() != null && e.getMessage().contains("from itself")) {
                        throw j.failHere(e.getMessage());
                    }
                }
            }
        }
        checkReadouts(sections, models, sizes, projections, context.spikes());
        checkTaskSplits(sections, models, sizes, projections);
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            try {
                models.get(e.getKey()).checkIncoming(context(e.getKey(), sizes, batch, projections));
            } catch (IllegalArgumentException x) {
                throw e.getValue().failHere("its projections do not fit a " + models.get(e.getKey()).name() + ": "
                        + x.getMessage());
            }
        }
        List<PopulationSpec> unbatched = new ArrayList<>();
        models.forEach((n, m) -> unbatched.add(new PopulationSpec(n, sizes.get(n), 1, m)));
        NetworkSpec learners = new NetworkSpec(unbatched, projections, 1.0, seed); // to check the phases' learns

        List<Section> phases = root.objects("schedule");
        if (phases.isEmpty()) {
            throw root.fail("schedule", "needs at least one phase, e.g. schedule = [ { phase = run, steps = 1000 } ]");
        }
        boolean testSplitNeeded = false;
        for (Section p : phases) {
            p.onlyKnown(Set.of("phase", "kind", "steps", "epochs", "test-each-epoch", "learns"));
            String phaseName = p.string("phase");
            if (phaseName.isBlank()) {
                throw p.fail("phase", "a phase needs a name, e.g. phase = train");
            }
            List<String> kinds = java.util.Arrays.stream(PhaseKind.values()).map(PhaseKind::label).toList();
            PhaseKind kind = PhaseKind.of(p.choice("kind", kinds.contains(phaseName) ? phaseName : "run", kinds));
            List<String> learns = p.has("learns") ? learns(p, kind, learners) : null;
            boolean byEpochs = p.has("epochs") || kind == PhaseKind.TEST;
            if (p.has("steps") == byEpochs) {
                throw p.failHere(byEpochs
                        ? "give either steps or epochs, not both (a test phase is one pass over the test split)"
                        : "needs its length: steps = N, or epochs = N for a pass over the dataset");
            }
            if (!byEpochs) {
                if (p.has("test-each-epoch")) {
                    throw p.fail("test-each-epoch", "only a phase that counts epochs can test after each epoch");
                }
                b.phase(phaseName, kind, p.integer("steps", 1, Scenario.MAX_STEPS), learns);
                continue;
            }
            if (data == null) {
                throw p.fail(p.has("epochs") ? "epochs" : "kind", "epochs count passes over a dataset, and this scenario has"
                        + " no dataset section");
            }
            int epochs = (int) p.integer("epochs", 1, 1, kind == PhaseKind.TEST ? 1 : 1_000_000);
            boolean testEach = p.bool("test-each-epoch", false);
            if (testEach && kind == PhaseKind.TEST) {
                throw p.fail("test-each-epoch", "a test phase is itself the test pass");
            }
            testSplitNeeded |= testEach || kind == PhaseKind.TEST;
            try {
                b.epochs(phaseName, kind, epochs, testEach, learns);
            } catch (IllegalArgumentException e) {
                throw p.failHere(e.getMessage());
            }
        }
        if (testSplitNeeded) {
            if (datasetSpec.split().equals("test")) {
                throw datasetSection.fail("split", "the schedule tests on the test split, so the training split must be"
                        + " 'train'");
            }
            b.testSplit(Datasets.shape(datasetSpec.source(), Split.TEST, datasetSpec.testLimit()));
        }
        b.recording(recording(root, sizes, models));
        if (root.has("checkpoint")) {
            Section c = root.object("checkpoint");
            c.onlyKnown(Set.of("every", "keep"));
            b.checkpoint(new Scenario.CheckpointSpec((int) c.integer("every", Scenario.CheckpointSpec.DEFAULT.every(), 0,
                    Integer.MAX_VALUE), (int) c.integer("keep", Scenario.CheckpointSpec.DEFAULT.keep(), 1, 1000)));
        }
        List<String> controls = root.has("controls") ? root.strings("controls") : List.of();
        for (String c : controls) {
            if (!Scenario.CONTROLS.contains(c)) {
                throw root.fail("controls", "expected a list of " + Scenario.CONTROLS + ", got '" + c + "'");
            }
        }
        if (controls.size() != new java.util.HashSet<>(controls).size()) {
            throw root.fail("controls", "names a control twice: " + controls);
        }
        b.controls(controls);
        Scenario built;
        try {
            built = b.build();
        } catch (Scenario.ScheduleException e) {
            throw phases.get(e.phase()).failHere(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw root.failHere(e.getMessage());
        }
        if (controls.contains(Scenario.RANDOM_WEIGHTS_CONTROL)) {
            boolean learns = built.schedule().stream().anyMatch(p -> p.kind() == PhaseKind.UNSUPERVISED);
            boolean tests = built.schedule().stream().anyMatch(p -> p.kind() == PhaseKind.TEST || p.testEachEpoch());
            if (!learns || !tests) {
                throw root.fail("controls", "the random-weights control runs the schedule without its unsupervised"
                        + " phases and compares the test accuracy: this schedule has " + (learns ? "no test pass (a"
                        + " phase of kind test, or test-each-epoch = true)" : "no phase of kind unsupervised"));
            }
        }
        return built;
    }

    /** The most elements a Java array holds (the state of a population, the weights of a projection). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** What {@code target}'s model is told of its incoming {@code projections} when it is created, without random streams. */
    private static PopulationContext context(String target, Map<String, Integer> sizes, int batch,
                                             List<ProjectionSpec> projections) {
        List<IncomingProjection> in = new ArrayList<>();
        for (int i = 0; i < projections.size(); i++) {
            ProjectionSpec j = projections.get(i);
            if (j.target().equals(target)) {
                in.add(new IncomingProjection(i, j.source(), sizes.get(j.source()), sizes.get(target), j.delaySteps(),
                        j.init(), j.plasticity(), null));
            }
        }
        return new PopulationContext(0, target, sizes.get(target), batch, 1, null, in);
    }

    /** A value quoted for a message, cut short when long. */
    private static String shown(String s) {
        String q = Hocon.value(s.length() > 60 ? s.substring(0, 60) : s);
        return s.length() > 60 ? q + "... (" + s.length() + " characters)" : q;
    }

    /**
     * The plasticity blocks of the projections, by target: at most one per target (a model
     * learns one projection's weights). {@code plasticity = none} is the same as no block.
     */
    /**
     * The dataset-input populations, read first: how they present images (as spikes or not) is
     * part of the context every other model is read with.
     */
    private static Map<String, ModelDescriptor> datasetInputs(Section network, ModelContext context) {
        Map<String, ModelDescriptor> inputs = new java.util.HashMap<>();
        for (Map.Entry<String, Section> e : network.objectsInFileOrder("populations")) {
            Section p = e.getValue();
            if (p.isString("model") && p.string("model").equals(DatasetInput.TYPE.name())) {
                inputs.put(e.getKey(), ModelCatalog.read(e.getKey(), p, null, context));
            }
        }
        return inputs;
    }

    /** How the scenario's spike-coded images arrive (null when none is): every such input must agree. */
    private static SpikePresentation spikePresentation(Section network, Map<String, ModelDescriptor> inputs) {
        SpikePresentation found = null;
        for (Map.Entry<String, Section> e : network.objectsInFileOrder("populations")) {
            if (inputs.get(e.getKey()) instanceof DatasetInput in && in.encoding() != DatasetInput.Encoding.ANALOG) {
                SpikePresentation here = new SpikePresentation(in.presentationSteps(), in.stepsPerPresentation());
                if (found != null && !found.equals(here)) {
                    throw e.getValue().fail("presentation-steps", "every spike-coded dataset-input must present its spikes"
                            + " over the same steps (" + found.steps() + " of " + found.stepsPerPresentation()
                            + " here before); got " + here.steps() + " of " + here.stepsPerPresentation());
                }
                found = here;
            }
        }
        return found;
    }

    private static Map<String, ModelCatalog.RuleBlock> ruleBlocks(List<Section> projections) {
        Map<String, ModelCatalog.RuleBlock> rules = new java.util.HashMap<>();
        for (Section j : projections) {
            Section block = ruleBlock(j);
            if (block == null) {
                continue;
            }
            String target = j.string("target");
            ModelCatalog.RuleBlock old = rules.put(target, new ModelCatalog.RuleBlock(block, j.string("source")));
            if (old != null) {
                throw block.failHere("a population learns the weights of one projection, and " + old.source() + " -> "
                        + target + " has a rule already (" + old.block().whereOf("rule") + ")");
            }
        }
        return rules;
    }

    /** A projection's plasticity block, or null for fixed weights (no block, or {@code plasticity = none}). */
    private static Section ruleBlock(Section j) {
        if (!j.has("plasticity") || j.isString("plasticity") && j.choice("plasticity", null, List.of("none")) != null) {
            return null;
        }
        return j.object("plasticity");
    }

    /** A phase's {@code learns}: populations or projections "source -> target" whose rules learn in it. */
    private static List<String> learns(Section p, PhaseKind kind, NetworkSpec network) {
        List<String> learns = p.strings("learns");
        if (kind == PhaseKind.TEST && !learns.isEmpty()) {
            throw p.fail("learns", "nothing learns in a test phase");
        }
        for (String learner : learns) {
            try {
                network.learnerIds(learner);
            } catch (IllegalArgumentException e) {
                throw p.fail("learns", e.getMessage());
            }
        }
        return learns;
    }

    /**
     * A readout's features and labels must both reach it, the labels from a dataset-input that
     * emits labels, and after equally many steps (else every example would meet another's label).
     */
    private static void checkReadouts(Map<String, Section> sections, Map<String, ModelDescriptor> models,
                                      Map<String, Integer> sizes, List<ProjectionSpec> projections,
                                      SpikePresentation spikes) {
        List<PopulationSpec> pops = new ArrayList<>();
        models.forEach((name, model) -> pops.add(new PopulationSpec(name, sizes.get(name), 1, model)));
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            if (!(models.get(e.getKey()) instanceof ReadoutLayer r)) {
                continue;
            }
            Section s = e.getValue();
            String features = population(s, "features-from", sizes);
            String labels = population(s, "labels-from", sizes);
            if (!(models.get(labels) instanceof DatasetInput in) || in.emit() != DatasetInput.Emit.LABELS) {
                throw s.fail("labels-from", "expected a dataset-input population with emit = labels; " + labels + " is a "
                        + models.get(labels).name() + (models.get(labels) instanceof DatasetInput ? " that emits images" : ""));
            }
            if (sizes.get(labels).intValue() != sizes.get(e.getKey()).intValue()) {
                throw s.fail("size", "a readout has one unit per class: " + labels + " has " + sizes.get(labels) + ", "
                        + e.getKey() + " has " + sizes.get(e.getKey()));
            }
            ProjectionSpec fromFeatures = projection(projections, features, e.getKey());
            ProjectionSpec fromLabels = projection(projections, labels, e.getKey());
            if (fromFeatures == null || fromLabels == null) {
                throw s.fail(fromFeatures == null ? "features-from" : "labels-from", "needs a projection "
                        + (fromFeatures == null ? features : labels) + " -> " + e.getKey() + " in network.projections");
            }
            // A layer fed with spikes sends its features at the presentation's last spike step; sent
            // as spikes, they are complete T - 1 steps after that.
            long spikeWait = 0;
            if (spikes != null && models.get(features) instanceof KrotovLayer k && k.spikes() != null) {
                spikeWait = (spikes.steps() - 1) * (k.spikeOutput() ? 2L : 1L);
            }
            long viaFeatures = PipelineDepth.arrival(features, pops, projections) + spikeWait + fromFeatures.delaySteps();
            long viaLabels = fromLabels.delaySteps();
            if (viaFeatures != viaLabels) {
                throw s.fail("labels-from", "features reach " + e.getKey() + " " + viaFeatures + " steps after an example is"
                        + " presented but labels " + viaLabels + "; set delay-steps = " + viaFeatures + " on the projection "
                        + labels + " -> " + e.getKey());
            }
        }
    }

    /** Every parameter that names a population (a readout's features-from, a layer's error-from, ...) names one. */
    private static void checkPopulationParams(Map<String, Section> sections, Map<String, ModelDescriptor> models,
                                              Map<String, Integer> sizes) {
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            ModelDescriptor model = models.get(e.getKey());
            ModelType<?> type = Models.of(model);
            ParamValues values = type.values(model);
            for (Param<?> p : type.params()) {
                if (p.type() == Param.Type.POPULATION && values.has(p.key()) && !sizes.containsKey(values.text(p.key()))) {
                    String name = values.text(p.key());
                    String hint = Section.closest(name, sizes.keySet());
                    throw e.getValue().fail(p.key(), "no population named '" + name + "'"
                            + (hint == null ? "" : "; did you mean '" + hint + "'?") + " Populations: " + sizes.keySet());
                }
            }
        }
    }

    /** An output that reports accuracy per task needs the task rows of a dataset-input that emits tasks. */
    private static void checkTaskSplits(Map<String, Section> sections, Map<String, ModelDescriptor> models,
                                        Map<String, Integer> sizes, List<ProjectionSpec> projections) {
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            if (!(models.get(e.getKey()) instanceof org.lamina.neurons.supervised.SoftmaxOutput out)
                    || out.tasksFrom() == null) {
                continue;
            }
            Section s = e.getValue();
            String tasks = population(s, "tasks-from", sizes);
            if (!(models.get(tasks) instanceof DatasetInput in) || in.emit() != DatasetInput.Emit.TASKS) {
                throw s.fail("tasks-from", "expected a dataset-input population with emit = tasks; " + tasks + " is a "
                        + models.get(tasks).name() + (models.get(tasks) instanceof DatasetInput in
                        ? " that emits " + in.emit().label() : ""));
            }
            if (projection(projections, tasks, e.getKey()) == null) {
                throw s.fail("tasks-from", "needs a projection " + tasks + " -> " + e.getKey() + " in network.projections");
            }
        }
    }

    private static ProjectionSpec projection(List<ProjectionSpec> projections, String source, String target) {
        return projections.stream().filter(j -> j.source().equals(source) && j.target().equals(target)).findFirst()
                .orElse(null);
    }

    private static String population(Section s, String key, Map<String, Integer> sizes) {
        String name = s.string(key);
        if (!sizes.containsKey(name)) {
            String hint = Section.closest(name, sizes.keySet());
            throw s.fail(key, "no population named '" + name + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?")
                    + " Populations: " + sizes.keySet());
        }
        return name;
    }

    private static WeightInit init(Section j) {
        if (!j.has("init")) {
            return WeightInit.constant(0);
        }
        Section i = j.object("init");
        String kind = i.choice("kind", null, List.of("constant", "uniform", "normal", "from-run"));
        switch (kind) {
            case "from-run" -> {
                i.onlyKnown(Set.of("kind", "run", "projection", "step"));
                String projection = i.string("projection", j.string("source") + " -> " + j.string("target"));
                String[] ends = projection.split("->");
                if (ends.length != 2) {
                    throw i.fail("projection", "expected \"source -> target\", got '" + projection + "'");
                }
                String run;
                try {
                    // Absolute, so the resolved scenario in the run folder works from anywhere.
                    run = Path.of(i.string("run")).toAbsolutePath().normalize().toString();
                } catch (java.nio.file.InvalidPathException e) {
                    throw i.fail("run", "not a path: " + e.getMessage());
                }
                // Without a step, the run's last snapshot; with one, the last taken at or before it.
                String upTo = i.has("step") ? Scenario.FROM_RUN_STEP + i.integer("step", 0, Long.MAX_VALUE) : "";
                return WeightInit.referenced(run + "#" + ends[0].trim() + " -> " + ends[1].trim() + upTo);
            }
            case "constant" -> {
                i.onlyKnown(Set.of("kind", "value"));
                return WeightInit.constant(i.decimal("value", -Param.LIMIT, Param.LIMIT));
            }
            case "uniform" -> {
                i.onlyKnown(Set.of("kind", "min", "max"));
                double lo = i.decimal("min", -Param.LIMIT, Param.LIMIT);
                double hi = i.decimal("max", -Param.LIMIT, Param.LIMIT);
                if (!(hi > lo)) {
                    throw i.fail("max", "expected max > min (" + lo + "), got " + hi);
                }
                return WeightInit.uniform(lo, hi);
            }
            default -> {
                i.onlyKnown(Set.of("kind", "mean", "std"));
                return WeightInit.normal(i.decimal("mean", -Param.LIMIT, Param.LIMIT),
                        i.decimal("std", 0, Param.LIMIT));
            }
        }
    }

    private static RecordingSpec recording(Section root, Map<String, Integer> sizes, Map<String, ModelDescriptor> models) {
        if (!root.has("recording")) {
            return RecordingSpec.none();
        }
        Section r = root.object("recording");
        r.onlyKnown(Set.of("spikes", "state", "weights"));
        Set<String> spikes = new LinkedHashSet<>();
        for (String name : r.strings("spikes")) {
            if (!sizes.containsKey(name)) {
                throw r.fail("spikes", "no population named '" + name + "'. Populations: " + sizes.keySet());
            }
            spikes.add(name);
        }
        List<RecordingSpec.StateProbe> state = new ArrayList<>();
        for (Section s : r.objects("state")) {
            s.onlyKnown(Set.of("population", "variable", "units", "every"));
            String pop = population(s, "population", sizes);
            String variable = s.string("variable");
            List<String> known = models.get(pop).stateVariables();
            if (!known.contains(variable)) {
                throw s.fail("variable", "population " + pop + " (" + models.get(pop).name() + ") has no state variable '"
                        + variable + "'; it has " + known);
            }
            state.add(new RecordingSpec.StateProbe(pop, variable, s.ints("units", 0, sizes.get(pop) - 1),
                    (int) s.integer("every", 1, 1, Integer.MAX_VALUE)));
        }
        List<RecordingSpec.WeightProbe> weights = new ArrayList<>();
        for (Section w : r.objects("weights")) {
            w.onlyKnown(Set.of("source", "target", "every"));
            weights.add(new RecordingSpec.WeightProbe(population(w, "source", sizes), population(w, "target", sizes),
                    (int) w.integer("every", 1, 1, Integer.MAX_VALUE)));
        }
        return new RecordingSpec(spikes, state, weights);
    }
}
