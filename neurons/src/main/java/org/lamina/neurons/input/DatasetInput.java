package org.lamina.neurons.input;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamException;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;

/**
 * An input population that presents a dataset: every {@code stepsPerPresentation} steps the
 * next {@code batch} examples are emitted once as dense activity, either their pixels
 * ({@link Emit#IMAGES}) or their labels as one-hot rows ({@link Emit#LABELS}, one unit per
 * class), so targets travel as messages like any other activity. For a multi-task dataset it can
 * also emit each example's task as a one-hot row ({@link Emit#TASKS}) or the pixels followed by
 * the task ({@link Emit#IMAGES_AND_TASKS}, the input of a plain network told the task).
 *
 * <p>Phases with a {@link PhasePlan} present a fixed number of minibatches and then fall silent
 * (so everything in flight arrives before the phase ends): training phases {@code epochs} passes
 * over the training split, test phases the test split once, in order, the last minibatch padded
 * with all-zero rows (an all-zero label row means "padding, ignore"). Other phases present the
 * training split without end. The training stream continues across phases: pass {@code p} over
 * the data is {@code ceil(n / batch)} minibatches of permutation {@code p} (the last filled up
 * from the start of the same permutation), drawn (with {@code shuffle}) from the run seed's data
 * stream, so an image population and a label population of the same run stay in step.
 *
 * <p>Images may travel as spikes instead ({@link Encoding}): a minibatch's pixels, read as
 * spike probabilities per step in [0, 1] (clamped), become spike events on each of the first
 * {@code presentationSteps} steps of its presentation; a step on which nothing fires sends
 * nothing. {@link Encoding#POISSON} draws each pixel's spikes independently per step from the
 * run seed's data stream (keyed by presentation, example, step and pixel, so the same seed gives
 * the same spikes whatever the thread count); {@link Encoding#REGULAR} spaces
 * {@code round(x T)} spikes evenly over the T steps, without randomness.
 */
public final class DatasetInput implements ModelDescriptor {

    /** What the population emits per example. */
    public enum Emit {
        IMAGES, LABELS, TASKS, IMAGES_AND_TASKS;

        /** The name in scenario files ({@code images}, {@code labels}, {@code tasks}, {@code images-and-tasks}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Emit of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        /** Whether this needs a dataset with tasks. */
        public boolean needsTasks() {
            return this == TASKS || this == IMAGES_AND_TASKS;
        }

        /** The state variable holding what was last emitted. */
        String variable() {
            return switch (this) {
                case IMAGES -> "image";
                case LABELS -> "label";
                case TASKS -> "task";
                case IMAGES_AND_TASKS -> "image_task";
            };
        }
    }

    /** How images travel: dense values once per presentation, or spike events over its steps. */
    public enum Encoding {
        ANALOG, POISSON, REGULAR;

        /** The name in scenario files. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Encoding of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** How one phase of the schedule presents data: {@code epochs} passes, over the test split if {@code test}. */
    public record PhasePlan(int epochs, boolean test) {
        public PhasePlan {
            if (epochs < 1) {
                throw new IllegalArgumentException("a phase presents at least one epoch, got " + epochs);
            }
        }
    }

    public static final ModelType<DatasetInput> TYPE = ModelType.of("dataset-input",
            "presents the scenario's dataset, a minibatch at a time: images, labels, tasks, or images and tasks",
            DatasetInput.class, List.of(
                    Param.choice("emit", (DatasetInput m) -> m.emit().label(),
                            List.of("images", "labels", "tasks", "images-and-tasks")).byDefault("images")
                            .doc("one unit per pixel, per class (one-hot), per task, or per pixel and task"),
                    Param.integer("steps-per-presentation", DatasetInput::stepsPerPresentation).byDefault(1L)
                            .range(1, Integer.MAX_VALUE).unit("steps").doc("steps between minibatches"),
                    Param.choice("encoding", (DatasetInput m) -> m.encoding().label(),
                            List.of("analog", "poisson", "regular")).byDefault("analog")
                            .onlyWhen(v -> v.text("emit").equals("images"), "emit = images")
                            .doc("images as dense values, or as spikes: pixel x in [0, 1] fires with probability x"
                                    + " per step (poisson) or round(x T) times evenly spaced (regular)"),
                    Param.integer("presentation-steps", DatasetInput::presentationSteps)
                            .byDefault(Param.fromEarlier(v -> (long) v.intValue("steps-per-presentation")),
                                    "steps-per-presentation")
                            .range(1, Integer.MAX_VALUE).unit("steps")
                            .onlyWhen(v -> v.text("emit").equals("images") && !v.text("encoding").equals("analog"),
                                    "encoding = poisson or regular")
                            .doc("steps T of a presentation on which its spikes fall (at most steps-per-presentation)"),
                    Param.bool("shuffle", DatasetInput::shuffle).byDefault(false)
                            .doc("a fresh permutation of the training split for each pass (from the run seed)"),
                    Param.bool("label-metrics", (DatasetInput m) -> m.labelMetrics).byDefault(false)
                            .doc("also write each presented example's label to the trace")),
            (v, c) -> {
                if (c.data() == null) {
                    throw new ParamException("model", "dataset-input needs a top-level dataset { source = ..., split ="
                            + " ... } section");
                }
                Emit emit = Emit.of(v.text("emit"));
                Encoding encoding = emit == Emit.IMAGES ? Encoding.of(v.text("encoding")) : Encoding.ANALOG;
                int spp = v.intValue("steps-per-presentation");
                int steps = encoding == Encoding.ANALOG ? 1 : v.intValue("presentation-steps");
                if (steps > spp) {
                    throw new ParamException("presentation-steps", "a presentation's spikes fall within its "
                            + "steps-per-presentation (" + spp + "); got " + steps);
                }
                return new DatasetInput(c.data(), null, emit, spp, v.bool("shuffle"), v.bool("label-metrics"), c.seed(),
                        Map.of()).withEncoding(encoding, steps);
            });

    private final DatasetShape shape;
    private final DatasetShape testShape;
    private final Examples data;
    private final Examples testData;
    private final Emit emit;
    private final int stepsPerPresentation;
    private final Encoding encoding;
    private final int presentationSteps;
    private final boolean shuffle;
    private final boolean labelMetrics;
    private final long seed;
    private final Map<String, PhasePlan> phases;

    /**
     * An input described by the shapes of its splits; it presents nothing until {@link #bind}
     * gives it the loaded data (parsing a scenario needs no file, resolving it loads them).
     *
     * @param testShape    the test split (same normalisation), or null when no phase tests
     * @param labelMetrics also write each presented example's label to the trace (metric {@code label})
     * @param seed         the run seed: the shuffles depend on it alone
     * @param phases       the phases that present a fixed number of minibatches, by name
     */
    public DatasetInput(DatasetShape shape, DatasetShape testShape, Emit emit, int stepsPerPresentation, boolean shuffle,
                        boolean labelMetrics, long seed, Map<String, PhasePlan> phases) {
        this(shape, testShape, null, null, emit, stepsPerPresentation, Encoding.ANALOG, 1, shuffle, labelMetrics, seed,
                phases);
    }

    private DatasetInput(DatasetShape shape, DatasetShape testShape, Examples data, Examples testData, Emit emit,
                         int stepsPerPresentation, Encoding encoding, int presentationSteps, boolean shuffle,
                         boolean labelMetrics, long seed, Map<String, PhasePlan> phases) {
        if (stepsPerPresentation < 1) {
            throw new IllegalArgumentException("steps per presentation must be >= 1, got " + stepsPerPresentation);
        }
        if (encoding != Encoding.ANALOG && emit != Emit.IMAGES) {
            throw new IllegalArgumentException("only images travel as spikes (emit = images), not " + emit.label());
        }
        if (presentationSteps < 1 || presentationSteps > stepsPerPresentation
                || encoding == Encoding.ANALOG && presentationSteps != 1) {
            throw new IllegalArgumentException("presentation steps must be 1.." + stepsPerPresentation + " (1 for analog"
                    + " images), got " + presentationSteps);
        }
        if (testShape != null && (testShape.pixels() != shape.pixels() || testShape.classes() != shape.classes()
                || !testShape.taskNames().equals(shape.taskNames()))) {
            throw new IllegalArgumentException("the test split's images, classes or tasks differ from the training split's");
        }
        if (emit.needsTasks() && shape.taskNames().isEmpty()) {
            throw new IllegalArgumentException("emit = " + emit.label() + " needs a multi-task dataset (such as multi-mnist); "
                    + shape.name() + " has no tasks");
        }
        for (Map.Entry<String, PhasePlan> e : phases.entrySet()) {
            if (e.getValue().test() && testShape == null) {
                throw new IllegalArgumentException("phase " + e.getKey() + " tests but the scenario has no test split");
            }
        }
        this.shape = shape;
        this.testShape = testShape;
        this.data = data;
        this.testData = testData;
        this.emit = emit;
        this.stepsPerPresentation = stepsPerPresentation;
        this.encoding = encoding;
        this.presentationSteps = presentationSteps;
        this.shuffle = shuffle;
        this.labelMetrics = labelMetrics;
        this.seed = seed;
        this.phases = Map.copyOf(phases);
    }

    /** Presents images of loaded data without end, with no test split (the form of a plain streaming input). */
    public DatasetInput(Examples data, int stepsPerPresentation, boolean shuffle) {
        this(data.shape(), null, data, null, Emit.IMAGES, stepsPerPresentation, Encoding.ANALOG, 1, shuffle, false, 0,
                Map.of());
    }

    /** Loaded splits presented as given: {@code new DatasetInput(shapes...).bind(train, test)}. */
    public static DatasetInput presenting(Examples train, Examples test, Emit emit, int stepsPerPresentation,
                                          boolean shuffle, boolean labelMetrics, long seed, Map<String, PhasePlan> phases) {
        return new DatasetInput(train.shape(), test == null ? null : test.shape(), emit, stepsPerPresentation, shuffle,
                labelMetrics, seed, phases).bind(train, test);
    }

    /**
     * The same input presenting the given phases (and a test split of {@code test}'s shape when
     * one of them tests); loaded data stay bound unless the test split changes.
     */
    public DatasetInput withPhases(Map<String, PhasePlan> plans, DatasetShape test, long runSeed) {
        boolean keep = java.util.Objects.equals(test, testShape);
        return new DatasetInput(shape, test, keep ? data : null, keep ? testData : null, emit, stepsPerPresentation,
                encoding, presentationSteps, shuffle, labelMetrics, runSeed, plans);
    }

    /** The same input sending its images as {@code encoding} over the first {@code steps} steps of each presentation. */
    public DatasetInput withEncoding(Encoding encoding, int steps) {
        return new DatasetInput(shape, testShape, data, testData, emit, stepsPerPresentation, encoding, steps, shuffle,
                labelMetrics, seed, phases);
    }

    /**
     * The same input presenting loaded splits, which must have the shapes it was described with
     * ({@code test} null exactly when it has no test split).
     */
    public DatasetInput bind(Examples train, Examples test) {
        if (!train.shape().equals(shape) || (test == null) != (testShape == null)
                || (test != null && !test.shape().equals(testShape))) {
            throw new IllegalArgumentException("dataset-input expects " + shape + (testShape == null ? "" : " and "
                    + testShape) + ", was given " + train.shape() + (test == null ? "" : " and " + test.shape()));
        }
        return new DatasetInput(shape, testShape, train, test, emit, stepsPerPresentation, encoding, presentationSteps,
                shuffle, labelMetrics, seed, phases);
    }

    /** Whether the data are loaded ({@link #bind}); only then can the population be created. */
    public boolean bound() {
        return data != null;
    }

    /** The training split it presents (its first examples when the scenario limits it). */
    public DatasetShape shape() {
        return shape;
    }

    /** The test split it presents in test phases, or null. */
    public DatasetShape testShape() {
        return testShape;
    }

    public Emit emit() {
        return emit;
    }

    public int stepsPerPresentation() {
        return stepsPerPresentation;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Steps T on which a presentation's spikes fall (1 for analog images). */
    public int presentationSteps() {
        return presentationSteps;
    }

    /** Units this population needs: one per pixel, class or task, or pixels + tasks. */
    public int width() {
        return switch (emit) {
            case IMAGES -> shape.pixels();
            case LABELS -> shape.classes();
            case TASKS -> shape.taskNames().size();
            case IMAGES_AND_TASKS -> shape.pixels() + shape.taskNames().size();
        };
    }

    /** What {@link #width()} counts, for error messages ("784 pixels", "10 classes", ...). */
    public String widthDescription() {
        return switch (emit) {
            case IMAGES -> shape.name() + " images have " + shape.pixels() + " pixels";
            case LABELS -> shape.name() + " has " + shape.classes() + " classes";
            case TASKS -> shape.name() + " has " + shape.taskNames().size() + " tasks " + shape.taskNames();
            case IMAGES_AND_TASKS -> shape.name() + " images have " + shape.pixels() + " pixels and "
                    + shape.taskNames().size() + " tasks";
        };
    }

    /** Minibatches in one pass over a split of {@code examples} examples. */
    public static int batchesPerPass(int examples, int batch) {
        return (examples + batch - 1) / batch;
    }

    @Override
    public String name() {
        return "dataset-input";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of(emit.variable());
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        if (!bound()) {
            throw new IllegalStateException("population " + ctx.name() + " presents " + shape + " but its data were not"
                    + " loaded: resolve the scenario first");
        }
        if (ctx.size() != width()) {
            throw new IllegalArgumentException("population " + ctx.name() + " has " + ctx.size() + " units but "
                    + widthDescription());
        }
        return new Model(ctx.batch());
    }

    private final class Model implements PopulationModel {
        private final int batch;
        private final CounterRng rng = CounterRng.stream(seed, CounterRng.DATA, 0);
        /** Spike draws: their own stream, so spikes never shift the shuffles. */
        private final CounterRng spikeRng = CounterRng.stream(seed, CounterRng.DATA, 1);
        private final int[] spikeOffsets;
        private final int[] spikeIndices;
        /** Minibatches presented so far, over all phases: the key of their spike draws. */
        private long presentations;
        /** Whether the current presentation slot holds a minibatch (its spikes are still due). */
        private boolean presenting;
        private final float[] out;
        private final int[] picked;
        private final int[] order;
        private long pass = -1;
        /** Training minibatches presented so far, over all phases. */
        private long trainBatches;
        private PhasePlan plan;
        private long phaseFirstStep = -1;
        private long presentedInPhase;

        Model(int batch) {
            this.batch = batch;
            this.out = new float[batch * width()];
            this.picked = new int[batch];
            this.order = new int[shape.size()];
            boolean spikes = encoding != Encoding.ANALOG;
            this.spikeOffsets = new int[spikes ? batch + 1 : 0];
            this.spikeIndices = new int[spikes ? batch * width() : 0];
        }

        @Override
        public void phase(Phase phase, boolean begin) {
            plan = begin ? phases.get(phase.name()) : null;
            phaseFirstStep = -1;
            presenting = false;
            presentedInPhase = 0;
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter emitter) {
            if (phaseFirstStep < 0) {
                phaseFirstStep = step;
            }
            long offset = (step - phaseFirstStep) % stepsPerPresentation;
            if (offset != 0) {
                if (presenting && offset < presentationSteps) {
                    emitSpikes((int) offset, emitter);
                }
                return;
            }
            presenting = false;
            Examples source;
            int valid = batch;
            if (plan == null) {
                source = data;
                pickTraining();
            } else {
                boolean test = plan.test();
                source = test ? testData : data;
                long total = (long) plan.epochs() * batchesPerPass(source.shape().size(), batch);
                if (presentedInPhase >= total) {
                    return;
                }
                if (test) {
                    long first = presentedInPhase * batch;
                    valid = (int) Math.min(batch, source.shape().size() - first);
                    for (int b = 0; b < valid; b++) {
                        picked[b] = (int) (first + b);
                    }
                } else {
                    pickTraining();
                }
                presentedInPhase++;
            }
            java.util.Arrays.fill(out, 0f); // padding rows stay zero
            int w = width();
            for (int b = 0; b < valid; b++) {
                int example = picked[b];
                switch (emit) {
                    case IMAGES -> source.copyImage(example, out, b * w);
                    case LABELS -> out[b * w + source.label(example)] = 1f;
                    case TASKS -> out[b * w + source.task(example)] = 1f;
                    case IMAGES_AND_TASKS -> {
                        source.copyImage(example, out, b * w);
                        out[b * w + shape.pixels() + source.task(example)] = 1f;
                    }
                }
            }
            presenting = true;
            presentations++;
            if (encoding == Encoding.ANALOG) {
                emitter.dense(out, w);
            } else {
                emitSpikes(0, emitter);
            }
            if (labelMetrics) {
                for (int b = 0; b < valid; b++) {
                    emitter.metric("label", b, source.label(picked[b]));
                }
            }
        }

        /**
         * The spikes of step {@code t} of the current presentation: pixel {@code x} (clamped to
         * [0, 1]) fires with probability {@code x} (poisson), or when {@code round(x (t + 1))}
         * passes {@code round(x t)} (regular: {@code round(x T)} spikes, evenly spaced).
         */
        private void emitSpikes(int t, Emitter emitter) {
            int w = width();
            int n = 0;
            long key = (presentations - 1) * presentationSteps + t;
            for (int b = 0; b < batch; b++) {
                spikeOffsets[b] = n;
                for (int i = 0; i < w; i++) {
                    float x = Math.min(1f, out[b * w + i]);
                    if (!(x > 0)) {
                        continue;
                    }
                    boolean fires = encoding == Encoding.POISSON
                            ? spikeRng.uniform(key, (long) b * w + i) < x
                            : Math.floor(x * (t + 1) + 0.5) > Math.floor(x * t + 0.5);
                    if (fires) {
                        spikeIndices[n++] = i;
                    }
                }
            }
            spikeOffsets[batch] = n;
            emitter.spikes(spikeOffsets, spikeIndices);
        }

        /**
         * The next training minibatch: pass {@code p} over the data is {@code ceil(n / batch)}
         * minibatches of permutation {@code p}, the last one filled up from the start of the
         * same permutation, so every epoch is exactly one pass.
         */
        private void pickTraining() {
            int n = shape.size();
            int perPass = batchesPerPass(n, batch);
            long p = trainBatches / perPass;
            if (p != pass) {
                permutation(p);
                pass = p;
            }
            int first = (int) (trainBatches % perPass) * batch;
            for (int b = 0; b < batch; b++) {
                picked[b] = order[(first + b) % n];
            }
            trainBatches++;
        }

        private void permutation(long p) {
            int n = order.length;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (!shuffle) {
                return;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = (int) (rng.uniform(p, i) * (i + 1));
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable(emit.variable(), out));
        }

        @Override
        public boolean checkpointable() {
            return true;
        }

        /**
         * The counters that place the stream and the minibatch being presented, whose spikes may
         * still be due. Not the pass's permutation: a restored model (pass -1) draws it again from
         * the seed when it picks its next minibatch. The phase's plan comes back with the phase.
         */
        @Override
        public void save(ModelState state) {
            state.put("presentations", presentations);
            state.put("presenting", presenting);
            state.put("train_batches", trainBatches);
            state.put("phase_first_step", phaseFirstStep);
            state.put("presented_in_phase", presentedInPhase);
            state.put("presented", out);
        }

        @Override
        public void restore(ModelState state) {
            presentations = state.number("presentations");
            presenting = state.flag("presenting");
            trainBatches = state.number("train_batches");
            pass = -1;
            phaseFirstStep = state.number("phase_first_step");
            presentedInPhase = state.number("presented_in_phase");
            state.copyInto("presented", out);
        }
    }

    /**
     * Equal when presenting splits of the same shapes the same way, loaded or not (the pixels
     * come from the source the shapes name).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetInput d && d.shape.equals(shape) && java.util.Objects.equals(d.testShape, testShape)
                && d.emit == emit && d.stepsPerPresentation == stepsPerPresentation && d.encoding == encoding
                && d.presentationSteps == presentationSteps && d.shuffle == shuffle
                && d.labelMetrics == labelMetrics && d.seed == seed && d.phases.equals(phases);
    }

    @Override
    public int hashCode() {
        return shape.hashCode() * 31 + stepsPerPresentation * 7 + emit.hashCode();
    }
}
