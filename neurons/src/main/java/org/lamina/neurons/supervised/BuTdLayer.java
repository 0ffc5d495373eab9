package org.lamina.neurons.supervised;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.kernels.supervised.ErrorPropagation;
import org.lamina.kernels.supervised.Gates;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
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
 * A hidden layer of a BU–TD multi-task network (Abel &amp; Ullman, REFERENCES.md), trained by
 * Counter-Hebb. Per minibatch, three passes:
 * <ol>
 *   <li>TD task pass (channel {@link Channels#TASK}): the top layer receives the task vectors
 *       {@code τ} from {@code taskFrom} (dense one-hot rows on channel 0) and computes
 *       {@code t = ReLU(U τ)} with the weights {@code U} of that projection; lower layers compute
 *       {@code t_l = ReLU(F_{l+1}^T t_{l+1})} from the task pass of the layer above. {@code t}
 *       selects the sub-network of the task.</li>
 *   <li>BU pass, GaLU-gated by the task pass: {@code a = ReLU(W x + b) · [t > 0]}.</li>
 *   <li>TD error pass (channel {@link Channels#TOP_DOWN}): {@code δ = (F_{l+1}^T δ_{l+1}) · [a > 0]},
 *       from the output's error, then the Counter-Hebb updates {@code ΔW = Σ δ ⊗ x},
 *       {@code Δb = Σ δ}, and for the top layer {@code ΔU = Σ δ ⊗ τ}.</li>
 * </ol>
 * The TD weights {@code F} are shared (the sender applies {@code W^T} to both TD passes) or
 * separate (the receiver's own weights {@code M}, the weights of its projection from
 * {@code errorFrom}, used for both TD passes and learned by the mirrored update
 * {@code ΔM = Σ a ⊗ δ_above}). With shared TD weights the updates are the gradient of the
 * task-gated network (the gate held fixed). The output is a {@link SoftmaxOutput} with rule
 * {@code counter-hebb} and the same TD weights. A minibatch must be presented for at least
 * 3 × layers steps (unit delays; the task pass, the BU pass and the error pass in turn).
 *
 * @param errorFrom the population errors come from (the layer above or the output)
 * @param taskFrom  the task source for the top layer; for the others the layer above (= errorFrom)
 * @param propagate send both TD passes down (off in the first layer)
 */
public record BuTdLayer(boolean separateTdWeights, String errorFrom, String taskFrom, boolean propagate, boolean bias,
                        Optimiser optimiser) implements ModelDescriptor {

    public static final ModelType<BuTdLayer> TYPE = ModelType.learning("bu-td-layer",
            "a hidden layer of a task-gated bottom-up/top-down network trained by counter-hebb", BuTdLayer.class,
            declared(), (v, c) -> new BuTdLayer(v.text("td-weights").equals("separate"), v.text("error-from"),
                    v.text("task-from"), v.bool("propagate-error"), v.bool("bias"), Optimiser.from(v)),
            new ModelType.Learning(PhaseKind.SUPERVISED, null));

    private static List<Param<BuTdLayer>> declared() {
        List<Param<BuTdLayer>> p = new ArrayList<>();
        p.add(Param.choice(ModelType.RULE, (BuTdLayer m) -> "counter-hebb", List.of("counter-hebb"))
                .byDefault("counter-hebb").ofRule().doc("counter-hebb: the task-gated top-down pass gates the update"));
        p.add(Param.choice("td-weights", (BuTdLayer m) -> m.separateTdWeights() ? "separate" : "shared",
                List.of("shared", "separate")).byDefault("shared").ofRule()
                .doc("top-down weights: the forward weights, or separate learned ones"));
        p.add(Param.population("error-from", BuTdLayer::errorFrom)
                .doc("the population errors come from (the layer above or the output)"));
        p.add(Param.population("task-from", BuTdLayer::taskFrom)
                .byDefault(Param.fromEarlier(v -> v.text("error-from")), "error-from")
                .doc("the population task vectors come from (the task input for the top layer)"));
        p.add(Param.bool("propagate-error", BuTdLayer::propagate).byDefault(true)
                .doc("send both top-down passes down (off in the first layer)"));
        p.add(Param.bool("bias", BuTdLayer::bias).byDefault(true).doc("learn a bias"));
        p.addAll(Optimiser.params(BuTdLayer::optimiser));
        return p;
    }

    public BuTdLayer {
        if (errorFrom == null || errorFrom.isBlank() || taskFrom == null || taskFrom.isBlank()) {
            throw new IllegalArgumentException("error-from and task-from must name populations");
        }
        if (optimiser == null) {
            throw new IllegalArgumentException("an optimiser is required");
        }
    }

    /** The top hidden layer: task vectors from {@code taskSource}, errors from {@code output}. */
    public static BuTdLayer top(boolean separate, String output, String taskSource, Optimiser optimiser) {
        return new BuTdLayer(separate, output, taskSource, true, true, optimiser);
    }

    /** A lower hidden layer, both TD passes from {@code above}; {@code first}: it sends nothing down. */
    public static BuTdLayer below(boolean separate, String above, boolean first, Optimiser optimiser) {
        return new BuTdLayer(separate, above, above, !first, true, optimiser);
    }

    @Override
    public String name() {
        return "bu-td-layer";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of("task", "activity", "delta");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return new Model(ctx, this);
    }

    @Override
    public void checkIncoming(PopulationContext ctx) {
        wiring(ctx, this);
    }

    /** The bottom-up, error and task projections (task null in a lower layer); fails naming what is wrong. */
    private static IncomingProjection[] wiring(PopulationContext ctx, BuTdLayer p) {
        Wiring.notFromItself(ctx, "bu-td-layer");
        boolean top = !p.taskFrom().equals(p.errorFrom());
        IncomingProjection bu = null;
        IncomingProjection err = null;
        IncomingProjection task = null;
        for (IncomingProjection in : ctx.incoming()) {
            if (in.sourceName().equals(p.errorFrom())) {
                err = in;
            } else if (top && in.sourceName().equals(p.taskFrom())) {
                task = in;
            } else if (bu == null) {
                bu = in;
            } else {
                throw new IllegalArgumentException(ctx.name() + ": a bu-td-layer has one bottom-up projection, but "
                        + bu.sourceName() + " and " + in.sourceName() + " both project to it");
            }
        }
        if (bu == null || err == null || (top && task == null)) {
            throw new IllegalArgumentException(ctx.name() + ": a bu-td-layer needs a bottom-up projection and "
                    + "projections from error-from '" + p.errorFrom() + "'" + (top ? " and task-from '" + p.taskFrom()
                    + "'" : "") + "; it has " + ctx.incoming().stream().map(IncomingProjection::sourceName).toList());
        }
        return new IncomingProjection[] {bu, err, task};
    }

    private static final class Model implements PopulationModel {
        private final BuTdLayer p;
        private final boolean top;
        private final int n;
        private final int batch;
        private final int nIn;
        private final int nAbove;
        private final int nTask;
        private final int buId;
        private final int errorId;
        private final int taskId;
        private final float[] w;
        private final float[] b;
        private final float[] u;
        private final float[] m;
        private final Optimiser.Parameter wParam;
        private final Optimiser.Parameter bParam;
        private final Optimiser.Parameter uParam;
        private final Optimiser.Parameter mParam;
        private final MatrixProduct product;
        private final CounterHebbRule counterHebb;
        private final ErrorPropagation down;
        private final ErrorPropagation receiver;
        private final Presentations protocol;
        private final Outbox outbox;
        private final float[] t;
        private final float[] a;
        private final float[] delta;
        private final float[] sent;
        private final float[] noActivity;
        private final float[] dw;
        private final float[] db;
        private final float[] du;
        private final float[] dm;
        private float[] x;
        private float[] tau;
        private boolean haveX;
        private boolean haveT;
        private boolean forwarded = true;
        private boolean learningPhase;

        Model(PopulationContext ctx, BuTdLayer p) {
            this.p = p;
            this.top = !p.taskFrom().equals(p.errorFrom());
            IncomingProjection[] io = wiring(ctx, p);
            IncomingProjection bu = io[0];
            IncomingProjection err = io[1];
            IncomingProjection task = io[2];
            this.n = ctx.size();
            this.batch = ctx.batch();
            this.nIn = bu.sourceSize();
            this.nAbove = err.sourceSize();
            this.nTask = top ? task.sourceSize() : 0;
            this.buId = bu.id();
            this.errorId = err.id();
            this.taskId = top ? task.id() : -1;
            this.w = bu.initialWeights();
            this.b = p.bias() ? new float[n] : null;
            this.u = top ? task.initialWeights() : null;
            this.m = p.separateTdWeights() ? err.initialWeights() : null;
            Optimiser o = p.optimiser();
            this.wParam = o.parameter(w);
            this.bParam = b == null ? null : o.parameter(b);
            this.uParam = u == null ? null : o.parameter(u);
            this.mParam = m == null ? null : o.parameter(m);
            Kernels kernels = ModelKernels.of(ctx);
            this.product = kernels.product();
            this.counterHebb = kernels.counterHebb();
            this.down = p.propagate() && m == null
                    ? kernels.errorPropagation(ErrorFeedback.backprop(Activation.IDENTITY)) : null;
            this.receiver = m == null ? null
                    : kernels.errorPropagation(new ErrorFeedback(ErrorFeedback.Mode.DFA, Activation.RELU, 1));
            this.protocol = new Presentations(ctx.name(), "3 x hidden layers with unit delays");
            this.outbox = new Outbox(batch);
            this.t = new float[batch * n];
            this.a = new float[batch * n];
            this.delta = new float[batch * n];
            this.sent = new float[batch * nIn];
            this.noActivity = new float[batch * nIn];
            this.dw = new float[n * nIn];
            this.db = new float[n];
            this.du = u == null ? null : new float[n * nTask];
            this.dm = m == null ? null : new float[n * nAbove];
        }

        @Override
        public void phase(Phase phase, boolean begin) {
            learningPhase = begin && phase.learns(buId);
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            // Errors first (they close the previous minibatch), then the task pass, then BU input.
            for (StepInputs.Arrival arrival : inputs.arrivals()) {
                if (arrival.projection() == errorId && dense(arrival).channel() == Channels.TOP_DOWN) {
                    onError(step, dense(arrival), out);
                }
            }
            for (StepInputs.Arrival arrival : inputs.arrivals()) {
                DenseEmission d = dense(arrival);
                boolean task = top ? arrival.projection() == taskId && d.channel() == Channels.BOTTOM_UP
                        : arrival.projection() == errorId && d.channel() == Channels.TASK;
                if (task) {
                    onTask(step, d);
                }
            }
            for (StepInputs.Arrival arrival : inputs.arrivals()) {
                if (arrival.projection() == buId && dense(arrival).channel() == Channels.BOTTOM_UP) {
                    onBottomUp(step, dense(arrival));
                }
            }
            if (haveX && haveT && !forwarded) {
                forward();
            }
            outbox.emitOne(out);
        }

        private static DenseEmission dense(StepInputs.Arrival arrival) {
            if (!(arrival.emission() instanceof DenseEmission d)) {
                throw new IllegalArgumentException("a bu-td-layer takes dense messages, got " + arrival.emission());
            }
            return d;
        }

        /** The first message of a new minibatch (task pass or BU input, whichever comes first). */
        private void begin(long step) {
            if (forwarded) {
                protocol.forward(step, learningPhase);
                forwarded = false;
                haveX = false;
                haveT = false;
            }
        }

        private void onTask(long step, DenseEmission in) {
            begin(step);
            if (haveT) {
                throw new IllegalStateException("a second task pass for one minibatch at step " + step);
            }
            if (top) {
                check(in, nTask, "task vectors from " + p.taskFrom());
                tau = in.values();
                product.multiply(u, n, nTask, tau, batch, t);
            } else if (m != null) {
                check(in, nAbove, "the task pass of " + p.errorFrom());
                product.multiply(m, n, nAbove, in.values(), batch, t);
            } else {
                check(in, n, "the task pass of " + p.errorFrom());
                System.arraycopy(in.values(), 0, t, 0, t.length);
            }
            Activation.RELU.apply(t, t);
            haveT = true;
            if (p.propagate()) {
                if (m != null) {
                    outbox.add(t, n, Channels.TASK);
                } else {
                    down.propagate(w, n, nIn, t, noActivity, batch, sent);
                    outbox.add(sent, nIn, Channels.TASK);
                }
            }
        }

        private void onBottomUp(long step, DenseEmission in) {
            begin(step);
            if (haveX) {
                throw new IllegalStateException("a second bottom-up input for one minibatch at step " + step);
            }
            check(in, nIn, "bottom-up input");
            x = in.values();
            haveX = true;
        }

        private void forward() {
            product.multiply(w, n, nIn, x, batch, a);
            if (b != null) {
                for (int e = 0; e < batch; e++) {
                    for (int i = 0; i < n; i++) {
                        a[e * n + i] += b[i];
                    }
                }
            }
            Activation.RELU.apply(a, a);
            Gates.galu(a, t, a);
            forwarded = true;
            outbox.add(a, n, Channels.BOTTOM_UP);
        }

        private void onError(long step, DenseEmission in, Emitter out) {
            if (!forwarded) {
                throw new IllegalStateException("an error arrived at step " + step + " before the forward pass");
            }
            protocol.error(step);
            float[] err = in.values();
            if (m != null) {
                check(in, nAbove, "the error from " + p.errorFrom());
                receiver.propagate(m, n, nAbove, err, a, batch, delta);
            } else {
                check(in, n, "the error from " + p.errorFrom());
                Gates.galu(err, a, delta);
            }
            if (p.propagate()) {
                if (m != null) {
                    outbox.add(delta, n, Channels.TOP_DOWN);
                } else {
                    down.propagate(w, n, nIn, delta, x, batch, sent);
                    outbox.add(sent, nIn, Channels.TOP_DOWN);
                }
            }
            if (!protocol.learning() || SupervisedLayer.allZero(err)) {
                return;
            }
            double lr = p.optimiser().rate(examplesLearned);
            counterHebb.gradient(delta, n, x, nIn, batch, BatchReduction.SUM, dw);
            if (b != null) {
                CounterHebbRule.biasGradient(delta, n, batch, BatchReduction.SUM, db);
                bParam.step(db, lr);
            }
            if (u != null) {
                counterHebb.gradient(delta, n, tau, nTask, batch, BatchReduction.SUM, du);
                uParam.step(du, lr);
            }
            if (m != null) {
                counterHebb.gradient(a, n, err, nAbove, batch, BatchReduction.SUM, dm);
                mParam.step(dm, lr);
            }
            wParam.step(dw, lr);
            examplesLearned += batch;
        }

        private long examplesLearned;

        private static void check(DenseEmission in, int width, String what) {
            if (in.width() != width) {
                throw new IllegalArgumentException(what + " has width " + in.width() + ", expected " + width);
            }
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("task", t), new StateVariable("activity", a),
                    new StateVariable("delta", delta));
        }

        @Override
        public float[] weights(int projectionId) {
            if (projectionId == buId) {
                return w;
            }
            if (projectionId == taskId) {
                return u;
            }
            return projectionId == errorId ? m : null;
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
         * The trained arrays with their optimiser state (fixed TD weights come back from their
         * init), the minibatch in flight (its input, task vectors, task pass, activity, which of
         * them arrived and whether it went forward), the last error pass, the messages not yet
         * sent, the protocol's position and the decay's count. Whether the phase learns comes
         * back with the phases.
         */
        @Override
        public void save(ModelState out) {
            wParam.save(out, "weights");
            if (bParam != null) {
                bParam.save(out, "bias");
            }
            if (uParam != null) {
                uParam.save(out, "task_weights");
            }
            if (mParam != null) {
                mParam.save(out, "td_weights");
            }
            out.put("input", x == null ? new float[0] : x);
            out.put("task_input", tau == null ? new float[0] : tau);
            out.put("task", t);
            out.put("activity", a);
            out.put("delta", delta);
            out.put("have_input", haveX);
            out.put("have_task", haveT);
            out.put("forwarded", forwarded);
            out.put("examples_learned", examplesLearned);
            protocol.save(out);
            outbox.save(out);
        }

        @Override
        public void restore(ModelState in) {
            wParam.restore(in, "weights");
            if (bParam != null) {
                bParam.restore(in, "bias");
            }
            if (uParam != null) {
                uParam.restore(in, "task_weights");
            }
            if (mParam != null) {
                mParam.restore(in, "td_weights");
            }
            x = optional(in, "input", batch * nIn);
            tau = optional(in, "task_input", batch * nTask);
            in.copyInto("task", t);
            in.copyInto("activity", a);
            in.copyInto("delta", delta);
            haveX = in.flag("have_input");
            haveT = in.flag("have_task");
            forwarded = in.flag("forwarded");
            examplesLearned = in.number("examples_learned");
            protocol.restore(in);
            outbox.restore(in);
        }

        /** An input held from an arrival, or null when none arrived yet (saved empty). */
        private static float[] optional(ModelState in, String name, int length) {
            float[] v = in.floats(name);
            if (v.length != 0 && v.length != length) {
                throw new IllegalStateException("model state '" + name + "' holds " + v.length
                        + " values, this layer takes " + length);
            }
            return v.length == 0 ? null : v;
        }

        @Override
        public void close() {
            product.close();
            counterHebb.close();
            if (down != null) {
                down.close();
            }
            if (receiver != null) {
                receiver.close();
            }
        }
    }
}
