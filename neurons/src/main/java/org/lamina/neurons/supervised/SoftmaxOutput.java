package org.lamina.neurons.supervised;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.CrossEntropy;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.kernels.supervised.ErrorPropagation;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamException;
import org.lamina.neurons.params.ParamValues;
import org.lamina.neurons.wiring.ModelKernels;
import org.lamina.neurons.wiring.Wiring;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;

/**
 * The softmax output of a supervised network (one unit per class). It has one bottom-up
 * projection (weights {@code W} and bias, owned and trained here) and one projection from the
 * label source {@code labelsFrom}, which emits one-hot rows ({@code batch × classes}; an all-zero
 * row is padding and is ignored). Label minibatches are paired with bottom-up ones in arrival
 * order. For each minibatch it computes {@code p = softmax(W h + b)}, reports the metrics
 * {@code loss} (mean cross-entropy over the valid examples), {@code correct} and {@code examples}
 * (so accuracy is {@code Σ correct / Σ examples} over a phase), and emits {@code p} on channel
 * {@link Channels#BOTTOM_UP}. During its
 * learning phase it then forms {@code e = (p − y) · r} ({@code r = 1 / valid examples} for
 * {@code mean}, 1 for {@code sum}), emits the top-down error on the next step (channel
 * {@link Channels#TOP_DOWN}; per
 * {@link SupervisedRule}: {@code W^T e}, {@code s · sign(W)^T e}, or {@code e} itself for the
 * rules whose receivers hold TD weights), and applies {@code ΔW = Σ_b e_b ⊗ h_b} with its
 * {@link Optimiser}. The top-down error is computed before the update.
 *
 * <p>With {@code angleEvery = N > 0} (fa, sign-symmetry, separate counter-hebb) every N-th learned
 * minibatch's error carries a shadow backprop error {@code W^T e} alongside, which the hidden
 * layers pass down with their own {@code W^T} and use to report {@code fa_bp_angle}. State
 * variables: {@code p} and {@code error}.
 *
 * <p>For a multi-task network, {@code tasksFrom} names a population emitting each example's task
 * as a one-hot row over {@code taskNames} (paired with the minibatches in arrival order, like the
 * labels); the output then also reports {@code correct[task]} and {@code examples[task]} per task
 * (so a run reports each task's accuracy beside the overall one). Without it ({@code null}) there
 * is no task split.
 */
public record SoftmaxOutput(SupervisedRule rule, String labelsFrom, BatchReduction reduction, int angleEvery,
                            boolean bias, Optimiser optimiser, String tasksFrom,
                            List<String> taskNames) implements ModelDescriptor {

    public static final ModelType<SoftmaxOutput> TYPE = ModelType.learning("softmax-output",
            "the softmax output of a network trained with labels; sends the error back", SoftmaxOutput.class,
            declared(), SoftmaxOutput::create, new ModelType.Learning(PhaseKind.SUPERVISED, null));

    private static List<Param<SoftmaxOutput>> declared() {
        List<Param<SoftmaxOutput>> p = new ArrayList<>(SupervisedRule.params(SoftmaxOutput::rule));
        p.add(Param.population("labels-from", SoftmaxOutput::labelsFrom)
                .doc("the dataset-input that emits the one-hot labels"));
        p.add(Param.choice("batch-reduction", (SoftmaxOutput m) -> m.reduction().name().toLowerCase(Locale.ROOT),
                List.of("mean", "sum")).byDefault("mean").ofRule().doc("gradients averaged or summed over the minibatch"));
        p.add(Param.integer("angle-every", SoftmaxOutput::angleEvery).byDefault(0L).range(0, Integer.MAX_VALUE)
                .unit("minibatches").onlyWhen(SupervisedRule::tracksBackpropAngle,
                        "rule = fa, sign-symmetry, or counter-hebb with td-weights = separate").ofRule()
                .doc("report the angle to the backprop error every N learned minibatches (0: never)"));
        p.add(Param.bool("bias", SoftmaxOutput::bias).byDefault(true).doc("learn a bias"));
        p.addAll(Optimiser.params(SoftmaxOutput::optimiser));
        p.add(Param.population("tasks-from", SoftmaxOutput::tasksFrom).optional()
                .doc("a dataset-input that emits tasks: report the accuracy of each task too"));
        return p;
    }

    private static SoftmaxOutput create(ParamValues v, ModelContext c) {
        SupervisedRule rule = SupervisedRule.from(v);
        SoftmaxOutput out = new SoftmaxOutput(rule, v.text("labels-from"),
                BatchReduction.valueOf(v.text("batch-reduction").toUpperCase(Locale.ROOT)),
                rule.tracksBackpropAngle() ? v.intValue("angle-every") : 0, v.bool("bias"), Optimiser.from(v));
        String tasks = v.textOrNull("tasks-from");
        if (tasks == null) {
            return out;
        }
        if (c.data() == null || c.data().taskNames().isEmpty()) {
            throw new ParamException("tasks-from", "accuracy per task needs a multi-task dataset (such as multi-mnist)"
                    + (c.data() == null ? "" : "; " + c.data().name() + " has no tasks"));
        }
        return out.withTasks(tasks, c.data().taskNames());
    }

    public SoftmaxOutput {
        if (rule == null || reduction == null || optimiser == null) {
            throw new IllegalArgumentException("rule, batch reduction and optimiser are required");
        }
        if (labelsFrom == null || labelsFrom.isBlank()) {
            throw new IllegalArgumentException("labels-from must name the population that emits the one-hot labels");
        }
        if (angleEvery < 0) {
            throw new IllegalArgumentException("angle-every must be >= 0 (0: never), got " + angleEvery);
        }
        if (angleEvery > 0 && !rule.tracksBackpropAngle()) {
            throw new IllegalArgumentException("angle-every applies to fa, sign-symmetry and separate counter-hebb, not "
                    + rule.rule().label() + (rule.separateTdWeights() ? "" : " with these TD weights"));
        }
        taskNames = List.copyOf(taskNames);
        if ((tasksFrom == null) != taskNames.isEmpty() || (tasksFrom != null && tasksFrom.isBlank())) {
            throw new IllegalArgumentException("tasks-from and task names go together: tasks-from = " + tasksFrom
                    + ", task names " + taskNames);
        }
        if (tasksFrom != null && tasksFrom.equals(labelsFrom)) {
            throw new IllegalArgumentException("tasks-from and labels-from must be different populations");
        }
    }

    /** An output without a task split. */
    public SoftmaxOutput(SupervisedRule rule, String labelsFrom, BatchReduction reduction, int angleEvery, boolean bias,
                         Optimiser optimiser) {
        this(rule, labelsFrom, reduction, angleEvery, bias, optimiser, null, List.of());
    }

    /** An output with bias, mean over the batch, no angle tracking. */
    public static SoftmaxOutput of(SupervisedRule rule, String labelsFrom, Optimiser optimiser) {
        return new SoftmaxOutput(rule, labelsFrom, BatchReduction.MEAN, 0, true, optimiser);
    }

    /** The same output, reporting {@code fa_bp_angle} every {@code n} learned minibatches. */
    public SoftmaxOutput withAngleEvery(int n) {
        return new SoftmaxOutput(rule, labelsFrom, reduction, n, bias, optimiser, tasksFrom, taskNames);
    }

    /** The same output, reporting accuracy per task of the one-hot task rows from {@code source}. */
    public SoftmaxOutput withTasks(String source, List<String> names) {
        return new SoftmaxOutput(rule, labelsFrom, reduction, angleEvery, bias, optimiser, source, names);
    }

    @Override
    public String name() {
        return "softmax-output";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of("p", "error");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return new Model(ctx, this);
    }

    @Override
    public void checkIncoming(PopulationContext ctx) {
        wiring(ctx, this);
    }

    /**
     * The bottom-up, labels and task projections (task null without {@code tasks-from}); fails
     * naming what is wrong.
     */
    private static IncomingProjection[] wiring(PopulationContext ctx, SoftmaxOutput p) {
        Wiring.notFromItself(ctx, "softmax-output");
        IncomingProjection taskSource = null;
        List<IncomingProjection> others = new java.util.ArrayList<>();
        for (IncomingProjection in : ctx.incoming()) {
            if (in.sourceName().equals(p.tasksFrom())) {
                if (taskSource != null) {
                    throw new IllegalArgumentException(ctx.name() + ": two projections from its task source "
                            + p.tasksFrom());
                }
                taskSource = in;
            } else {
                others.add(in);
            }
        }
        if (p.tasksFrom() != null && taskSource == null) {
            throw new IllegalArgumentException(ctx.name() + ": needs a projection from its task source (tasks-from) '"
                    + p.tasksFrom() + "'");
        }
        if (taskSource != null && taskSource.sourceSize() != p.taskNames().size()) {
            throw new IllegalArgumentException(ctx.name() + ": the task source " + p.tasksFrom() + " has "
                    + taskSource.sourceSize() + " units, but there are " + p.taskNames().size() + " tasks "
                    + p.taskNames());
        }
        IncomingProjection[] io = SupervisedLayer.split(ctx, others, p.labelsFrom(), "label source (labels-from)");
        if (io[1].sourceSize() != ctx.size()) {
            throw new IllegalArgumentException(ctx.name() + ": the label source " + p.labelsFrom() + " has "
                    + io[1].sourceSize() + " units, but there are " + ctx.size() + " classes");
        }
        return new IncomingProjection[] {io[0], io[1], taskSource};
    }

    private static final class Model implements PopulationModel {
        private final SoftmaxOutput p;
        private final SupervisedRule rule;
        private final int classes;
        private final int batch;
        private final int nIn;
        private final int buId;
        private final int labelsId;
        private final int tasksId;
        private final float[] w;
        private final float[] b;
        private final Optimiser.Parameter wParam;
        private final Optimiser.Parameter bParam;
        private final MatrixProduct product;
        private final CounterHebbRule counterHebb;
        private final ErrorPropagation senderProp;
        private final ErrorPropagation shadowProp;
        private final ArrayDeque<float[]> labels = new ArrayDeque<>();
        private final ArrayDeque<float[]> tasks = new ArrayDeque<>();
        private final long[] taskCorrect;
        private final long[] taskExamples;
        private final Outbox outbox;
        private final float[] z;
        private final float[] prob;
        private final float[] e;
        private final float[] down;
        private final float[] downShadow;
        private final float[] dw;
        private final float[] db;
        private boolean learningPhase;
        private long examplesLearned;
        private long batchesLearned;

        Model(PopulationContext ctx, SoftmaxOutput p) {
            this.p = p;
            this.rule = p.rule();
            IncomingProjection[] io = wiring(ctx, p);
            IncomingProjection taskSource = io[2];
            this.tasksId = taskSource == null ? -1 : taskSource.id();
            this.taskCorrect = new long[p.taskNames().size()];
            this.taskExamples = new long[p.taskNames().size()];
            this.classes = ctx.size();
            this.batch = ctx.batch();
            this.nIn = io[0].sourceSize();
            this.buId = io[0].id();
            this.labelsId = io[1].id();
            this.w = io[0].initialWeights();
            this.b = p.bias() ? new float[classes] : null;
            this.wParam = p.optimiser().parameter(w);
            this.bParam = b == null ? null : p.optimiser().parameter(b);
            Kernels kernels = ModelKernels.of(ctx);
            this.product = kernels.product();
            this.counterHebb = kernels.counterHebb();
            this.senderProp = rule.receiverWeights() ? null : kernels.errorPropagation(rule.senderFeedback());
            this.shadowProp = p.angleEvery() > 0
                    ? kernels.errorPropagation(ErrorFeedback.backprop(Activation.IDENTITY)) : null;
            this.outbox = new Outbox(batch);
            this.z = new float[batch * classes];
            this.prob = new float[batch * classes];
            this.e = new float[batch * classes];
            this.down = new float[batch * nIn];
            this.downShadow = new float[batch * nIn];
            this.dw = new float[classes * nIn];
            this.db = new float[classes];
        }

        @Override
        public void phase(Phase phase, boolean begin) {
            learningPhase = begin && phase.learns(buId);
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            for (StepInputs.Arrival arrival : inputs.arrivals()) {
                if (arrival.projection() == labelsId) {
                    DenseEmission d = dense(arrival, "label");
                    if (d.channel() != Channels.BOTTOM_UP) {
                        continue;
                    }
                    if (d.width() != classes) {
                        throw new IllegalArgumentException("labels of width " + d.width() + ", expected " + classes);
                    }
                    labels.addLast(d.values()); // immutable: the reference is enough
                } else if (arrival.projection() == tasksId) {
                    DenseEmission d = dense(arrival, "task");
                    if (d.channel() != Channels.BOTTOM_UP) {
                        continue;
                    }
                    if (d.width() != taskCorrect.length) {
                        throw new IllegalArgumentException("task rows from " + p.tasksFrom() + " of width " + d.width()
                                + ", expected one unit per task " + p.taskNames());
                    }
                    tasks.addLast(d.values());
                }
            }
            for (StepInputs.Arrival arrival : inputs.arrivals()) {
                if (arrival.projection() == buId) {
                    DenseEmission d = dense(arrival, "bottom-up");
                    if (d.channel() == Channels.BOTTOM_UP) { // not the errors of the layer below, going down
                        forward(step, d, out);
                    }
                }
            }
            outbox.emitOne(out);
        }

        private static DenseEmission dense(StepInputs.Arrival arrival, String role) {
            if (!(arrival.emission() instanceof DenseEmission d)) {
                throw new IllegalArgumentException("a softmax output takes dense activity on its " + role
                        + " projection, got " + arrival.emission());
            }
            return d;
        }

        private void forward(long step, DenseEmission in, Emitter out) {
            if (in.width() != nIn) {
                throw new IllegalArgumentException("bottom-up input of width " + in.width() + ", expected " + nIn);
            }
            float[] targets = labels.pollFirst();
            if (targets == null) {
                throw new IllegalStateException("no labels for the minibatch arriving at step " + step + " from "
                        + p.labelsFrom() + ": labels must arrive no later than the examples (check the delays)");
            }
            float[] h = in.values();
            product.multiply(w, classes, nIn, h, batch, z);
            if (b != null) {
                for (int ex = 0; ex < batch; ex++) {
                    for (int k = 0; k < classes; k++) {
                        z[ex * classes + k] += b[k];
                    }
                }
            }
            int valid = 0;
            for (int ex = 0; ex < batch; ex++) {
                for (int k = 0; k < classes; k++) {
                    if (targets[ex * classes + k] > 0) {
                        valid++;
                        break;
                    }
                }
            }
            double scale = p.reduction() == BatchReduction.SUM ? 1.0 : valid == 0 ? 0.0 : 1.0 / valid;
            CrossEntropy.Score score = CrossEntropy.outputError(z, targets, classes, batch, scale, prob, e);
            if (score.examples() > 0) {
                out.metric("loss", score.meanLoss());
            }
            out.metric("correct", score.correct());
            out.metric("examples", score.examples());
            if (tasksId >= 0) {
                reportByTask(step, targets, out);
            }
            outbox.add(prob, classes, Channels.BOTTOM_UP);
            if (!learningPhase) {
                return;
            }
            // The top-down error, from the weights this minibatch saw, then the update.
            float[] primary = e;
            int primaryWidth = classes;
            if (!rule.receiverWeights()) {
                senderProp.propagate(w, classes, nIn, e, h, batch, down);
                primary = down;
                primaryWidth = nIn;
            }
            if (shadowProp != null && batchesLearned % p.angleEvery() == 0) {
                shadowProp.propagate(w, classes, nIn, e, h, batch, downShadow);
                outbox.addJoined(primary, primaryWidth, downShadow, nIn, Channels.TOP_DOWN);
            } else {
                outbox.add(primary, primaryWidth, Channels.TOP_DOWN);
            }
            batchesLearned++;
            if (score.examples() == 0) {
                return;
            }
            double lr = p.optimiser().rate(examplesLearned);
            counterHebb.gradient(e, classes, h, nIn, batch, BatchReduction.SUM, dw);
            if (b != null) {
                CounterHebbRule.biasGradient(e, classes, batch, BatchReduction.SUM, db);
                bParam.step(db, lr);
            }
            wParam.step(dw, lr);
            examplesLearned += batch;
        }

        /** {@code correct[task]} and {@code examples[task]} of this minibatch (padding rows count nowhere). */
        private void reportByTask(long step, float[] targets, Emitter out) {
            float[] task = tasks.pollFirst();
            if (task == null) {
                throw new IllegalStateException("no task rows for the minibatch arriving at step " + step + " from "
                        + p.tasksFrom() + ": tasks must arrive no later than the examples (check the delays)");
            }
            java.util.Arrays.fill(taskCorrect, 0);
            java.util.Arrays.fill(taskExamples, 0);
            int nTasks = taskCorrect.length;
            for (int ex = 0; ex < batch; ex++) {
                int label = argmaxPositive(targets, ex * classes, classes);
                int t = argmaxPositive(task, ex * nTasks, nTasks);
                if (label < 0 || t < 0) {
                    continue;
                }
                taskExamples[t]++;
                if (predicted(ex) == label) {
                    taskCorrect[t]++;
                }
            }
            for (int t = 0; t < nTasks; t++) {
                String name = p.taskNames().get(t);
                out.metric("correct[" + name + "]", taskCorrect[t]);
                out.metric("examples[" + name + "]", taskExamples[t]);
            }
        }

        /** The predicted class of an example: its first largest logit (as {@link CrossEntropy} counts). */
        private int predicted(int ex) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (z[ex * classes + k] > z[ex * classes + best]) {
                    best = k;
                }
            }
            return best;
        }

        /** The first largest positive entry of {@code v[from, from + n)}, or -1 when none is positive. */
        private static int argmaxPositive(float[] v, int from, int n) {
            int best = -1;
            float max = 0f;
            for (int i = 0; i < n; i++) {
                if (v[from + i] > max) {
                    max = v[from + i];
                    best = i;
                }
            }
            return best;
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("p", prob), new StateVariable("error", e));
        }

        @Override
        public float[] weights(int projectionId) {
            return projectionId == buId ? w : null;
        }

        @Override
        public long weightsVersion() {
            return examplesLearned; // every optimiser step adds its minibatch
        }

        @Override
        public boolean checkpointable() {
            return true;
        }

        /**
         * The trained arrays with their optimiser state, the label and task rows waiting for their
         * minibatch, the messages not yet sent, the state variables and the counters.
         */
        @Override
        public void save(ModelState out) {
            wParam.save(out, "weights");
            if (bParam != null) {
                bParam.save(out, "bias");
            }
            out.put("labels_waiting", joined(labels));
            out.put("tasks_waiting", joined(tasks));
            out.put("p", prob);
            out.put("error", e);
            out.put("examples_learned", examplesLearned);
            out.put("batches_learned", batchesLearned);
            outbox.save(out);
        }

        @Override
        public void restore(ModelState in) {
            wParam.restore(in, "weights");
            if (bParam != null) {
                bParam.restore(in, "bias");
            }
            split(in, "labels_waiting", batch * classes, labels);
            split(in, "tasks_waiting", batch * taskCorrect.length, tasks);
            in.copyInto("p", prob);
            in.copyInto("error", e);
            examplesLearned = in.number("examples_learned");
            batchesLearned = in.number("batches_learned");
            outbox.restore(in);
        }

        /** The rows of a queue one after another. */
        private static float[] joined(ArrayDeque<float[]> queue) {
            int total = 0;
            for (float[] rows : queue) {
                total += rows.length;
            }
            float[] all = new float[total];
            int at = 0;
            for (float[] rows : queue) {
                System.arraycopy(rows, 0, all, at, rows.length);
                at += rows.length;
            }
            return all;
        }

        /** Queues the {@code length}-value minibatches of {@code name} again. */
        private static void split(ModelState in, String name, int length, ArrayDeque<float[]> queue) {
            float[] all = in.floats(name);
            if (length == 0 ? all.length != 0 : all.length % length != 0) {
                throw new IllegalStateException("model state '" + name + "' holds " + all.length
                        + " values, not a whole number of minibatches of " + length);
            }
            for (int at = 0; at < all.length; at += length) {
                queue.addLast(java.util.Arrays.copyOfRange(all, at, at + length));
            }
        }

        @Override
        public void close() {
            product.close();
            counterHebb.close();
            if (senderProp != null) {
                senderProp.close();
            }
            if (shadowProp != null) {
                shadowProp.close();
            }
        }
    }
}
