package org.lamina.neurons.supervised;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.kernels.supervised.ErrorPropagation;
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
 * A hidden layer of a supervised network. It has one bottom-up (BU) projection, whose weights
 * {@code W} (and bias) it owns and trains, and one top-down (TD) projection from the population
 * named {@code errorFrom} (the layer above, or the output for dfa). When a minibatch arrives BU
 * (channel {@link Channels#BOTTOM_UP}) it computes {@code a = f(W x + b)} and emits it on that
 * channel. When the error for that minibatch arrives TD (channel {@link Channels#TOP_DOWN}) it
 * forms its own error {@code δ} (per {@link SupervisedRule}),
 * emits the error for the layer below on the TD channel (unless {@code propagateError} is off or
 * the rule is dfa),
 * computed with the weights the minibatch saw, and then, if the minibatch arrived during a phase
 * that lets its bottom-up projection (which carries the rule) learn, applies the Counter-Hebb gradient {@code ΔW = Σ_b δ_b ⊗ x_b} (the
 * output has already scaled the error for the batch reduction) with its {@link Optimiser}.
 * Layers learn from a minibatch only once its forward and backward passes are complete, so a run
 * is exactly standard minibatch training.
 *
 * <p>When the error carries a shadow backprop error (see {@link SoftmaxOutput#angleEvery()}) it
 * reports the metric {@code fa_bp_angle}: the angle in degrees between its update and the
 * backprop gradient of its weights. State variables: {@code activity} and {@code delta}.
 *
 * @param errorFrom      name of the population the TD projection comes from
 * @param propagateError send the error down (turn off in the first hidden layer: nobody reads it)
 */
public record SupervisedLayer(Activation activation, SupervisedRule rule, String errorFrom, boolean propagateError,
                              boolean bias, Optimiser optimiser) implements ModelDescriptor {

    public static final ModelType<SupervisedLayer> TYPE = ModelType.learning("supervised-layer",
            "a hidden layer of a network trained with labels (bp, fa, dfa, sign-symmetry or counter-hebb)",
            SupervisedLayer.class, declared(), (v, c) -> new SupervisedLayer(
                    Activation.valueOf(v.text("activation").toUpperCase(Locale.ROOT)), SupervisedRule.from(v),
                    v.text("error-from"), v.bool("propagate-error"), v.bool("bias"), Optimiser.from(v)),
            new ModelType.Learning(PhaseKind.SUPERVISED, null));

    private static List<Param<SupervisedLayer>> declared() {
        List<Param<SupervisedLayer>> p = new ArrayList<>();
        p.add(Param.choice("activation", (SupervisedLayer m) -> m.activation().name().toLowerCase(Locale.ROOT),
                List.of("relu", "tanh", "identity")).byDefault("relu").doc("the units' activation function"));
        p.addAll(SupervisedRule.params(SupervisedLayer::rule));
        p.add(Param.population("error-from", SupervisedLayer::errorFrom)
                .doc("the population top-down errors come from (the layer above or the output)"));
        p.add(Param.bool("propagate-error", SupervisedLayer::propagateError).byDefault(true)
                .doc("send the error down (off in the first hidden layer)"));
        p.add(Param.bool("bias", SupervisedLayer::bias).byDefault(true).doc("learn a bias"));
        p.addAll(Optimiser.params(SupervisedLayer::optimiser));
        return p;
    }

    public SupervisedLayer {
        if (activation == null || rule == null || optimiser == null) {
            throw new IllegalArgumentException("activation, rule and optimiser are required");
        }
        if (errorFrom == null || errorFrom.isBlank()) {
            throw new IllegalArgumentException("error-from must name the population the top-down errors come from");
        }
    }

    /** A layer with bias that sends its error down. */
    public static SupervisedLayer of(Activation activation, SupervisedRule rule, String errorFrom, Optimiser optimiser) {
        return new SupervisedLayer(activation, rule, errorFrom, true, true, optimiser);
    }

    /** The same layer, not sending its error down (the first hidden layer). */
    public SupervisedLayer first() {
        return new SupervisedLayer(activation, rule, errorFrom, false, bias, optimiser);
    }

    @Override
    public String name() {
        return "supervised-layer";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of("activity", "delta");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        checkIncoming(ctx);
        return new Model(ctx, this);
    }

    @Override
    public void checkIncoming(PopulationContext ctx) {
        Wiring.notFromItself(ctx, "supervised-layer");
        split(ctx, errorFrom, ERROR_ROLE);
    }

    private static final String ERROR_ROLE = "error source (error-from)";

    /** The one projection not from {@code name}, and the one from it; fails naming what is wrong. */
    static IncomingProjection[] split(PopulationContext ctx, String name, String role) {
        return split(ctx, ctx.incoming(), name, role);
    }

    /** {@link #split(PopulationContext, String, String)} over some of the context's projections. */
    static IncomingProjection[] split(PopulationContext ctx, List<IncomingProjection> incoming, String name, String role) {
        IncomingProjection from = null;
        IncomingProjection other = null;
        for (IncomingProjection in : incoming) {
            if (in.sourceName().equals(name)) {
                if (from != null) {
                    throw new IllegalArgumentException(ctx.name() + ": two projections from " + name);
                }
                from = in;
            } else {
                if (other != null) {
                    throw new IllegalArgumentException(ctx.name() + ": a supervised population has exactly one bottom-up"
                            + " projection, but " + other.sourceName() + " and " + in.sourceName() + " both project to it"
                            + " (and neither is its " + role + " '" + name + "')");
                }
                other = in;
            }
        }
        if (from == null || other == null) {
            throw new IllegalArgumentException(ctx.name() + ": needs one bottom-up projection and one from its " + role
                    + " '" + name + "', has " + incoming.stream().map(IncomingProjection::sourceName).toList());
        }
        return new IncomingProjection[] {other, from};
    }

    static boolean allZero(float[] x) {
        for (float v : x) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    /** The angle in degrees between two vectors (NaN if one is zero). */
    static double angleDegrees(float[] u, float[] v) {
        double dot = 0;
        double uu = 0;
        double vv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += (double) u[i] * v[i];
            uu += (double) u[i] * u[i];
            vv += (double) v[i] * v[i];
        }
        if (uu == 0 || vv == 0) {
            return Double.NaN;
        }
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(uu * vv)))));
    }

    private static final class Model implements PopulationModel {
        private final SupervisedLayer p;
        private final SupervisedRule rule;
        private final int n;
        private final int batch;
        private final int nIn;
        private final int nTd;
        private final int buId;
        private final int tdId;
        private final float[] w;
        private final float[] b;
        private final float[] m;
        private final Optimiser.Parameter wParam;
        private final Optimiser.Parameter bParam;
        private final Optimiser.Parameter mParam;
        private final Activation gate;
        private final MatrixProduct product;
        private final CounterHebbRule counterHebb;
        private final ErrorPropagation receiverProp;
        private final ErrorPropagation senderProp;
        private final ErrorPropagation shadowProp;
        private final Presentations protocol;
        private final Outbox outbox;
        private float[] x;
        private final float[] a;
        private final float[] delta;
        private final float[] deltaBp;
        private final float[] primary;
        private final float[] shadow;
        private final float[] down;
        private final float[] downShadow;
        private final float[] dw;
        private final float[] dwBp;
        private final float[] db;
        private final float[] dm;
        private boolean learningPhase;
        private long examplesLearned;

        Model(PopulationContext ctx, SupervisedLayer p) {
            this.p = p;
            this.rule = p.rule();
            IncomingProjection[] io = split(ctx, p.errorFrom(), ERROR_ROLE);
            this.n = ctx.size();
            this.batch = ctx.batch();
            this.nIn = io[0].sourceSize();
            this.nTd = io[1].sourceSize();
            this.buId = io[0].id();
            this.tdId = io[1].id();
            this.w = io[0].initialWeights();
            this.b = p.bias() ? new float[n] : null;
            this.m = rule.receiverWeights() ? io[1].initialWeights() : null;
            this.wParam = p.optimiser().parameter(w);
            this.bParam = b == null ? null : p.optimiser().parameter(b);
            this.mParam = rule.learnsTdWeights() ? p.optimiser().parameter(m) : null;
            this.gate = rule.gate(p.activation());
            Kernels kernels = ModelKernels.of(ctx);
            this.product = kernels.product();
            this.counterHebb = kernels.counterHebb();
            this.receiverProp = rule.receiverWeights()
                    ? kernels.errorPropagation(new ErrorFeedback(ErrorFeedback.Mode.DFA, gate, 1)) : null;
            boolean sends = p.propagateError() && rule.hiddenLayersPropagate();
            this.senderProp = sends && !rule.receiverWeights() ? kernels.errorPropagation(rule.senderFeedback()) : null;
            this.shadowProp = sends && rule.tracksBackpropAngle()
                    ? kernels.errorPropagation(ErrorFeedback.backprop(Activation.IDENTITY)) : null;
            this.protocol = new Presentations(ctx.name(),
                    "2 x hidden layers + 1 with unit delays; dfa: hidden layers + 2");
            this.outbox = new Outbox(batch);
            this.a = new float[batch * n];
            this.delta = new float[batch * n];
            this.deltaBp = new float[batch * n];
            int primaryWidth = rule.receiverWeights() ? nTd : n;
            this.primary = new float[batch * primaryWidth];
            this.shadow = new float[batch * n];
            this.down = new float[batch * nIn];
            this.downShadow = new float[batch * nIn];
            this.dw = new float[n * nIn];
            this.dwBp = new float[n * nIn];
            this.db = new float[n];
            this.dm = m == null ? null : new float[n * nTd];
        }

        @Override
        public void phase(Phase phase, boolean begin) {
            learningPhase = begin && phase.learns(buId);
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            // Top-down first: an error and the next minibatch may arrive at the same step, and the
            // error belongs to the earlier minibatch.
            for (StepInputs.Arrival arrival : inputs.arrivals()) {
                if (arrival.projection() == tdId) {
                    DenseEmission d = dense(arrival, "top-down");
                    if (d.channel() == Channels.TOP_DOWN) {
                        onError(step, d, out);
                    } else if (d.width() != nTd) { // the source's own activity, going up
                        throw new IllegalArgumentException("the activity of " + p.errorFrom() + " has width "
                                + d.width() + ", expected " + nTd);
                    }
                }
            }
            for (StepInputs.Arrival arrival : inputs.arrivals()) {
                if (arrival.projection() == buId) {
                    DenseEmission d = dense(arrival, "bottom-up");
                    if (d.channel() == Channels.BOTTOM_UP) { // not the source's errors, going down
                        onBottomUp(step, d);
                    }
                }
            }
            outbox.emitOne(out);
        }

        private static DenseEmission dense(StepInputs.Arrival arrival, String role) {
            if (!(arrival.emission() instanceof DenseEmission d)) {
                throw new IllegalArgumentException("a supervised layer takes dense activity on its " + role
                        + " projection, got " + arrival.emission());
            }
            return d;
        }

        private void onBottomUp(long step, DenseEmission in) {
            if (in.width() != nIn) {
                throw new IllegalArgumentException("bottom-up input of width " + in.width() + ", expected " + nIn);
            }
            protocol.forward(step, learningPhase);
            x = in.values(); // emissions are immutable: keeping the reference is safe
            product.multiply(w, n, nIn, x, batch, a);
            if (b != null) {
                for (int e = 0; e < batch; e++) {
                    for (int i = 0; i < n; i++) {
                        a[e * n + i] += b[i];
                    }
                }
            }
            p.activation().apply(a, a);
            outbox.add(a, n, Channels.BOTTOM_UP);
        }

        private void onError(long step, DenseEmission in, Emitter out) {
            protocol.error(step);
            int primaryWidth = rule.receiverWeights() ? nTd : n;
            boolean withShadow = in.width() == primaryWidth + n;
            if (!withShadow && in.width() != primaryWidth) {
                throw new IllegalArgumentException("an error of width " + in.width() + " arrived from " + p.errorFrom()
                        + "; rule " + rule.rule().label() + " expects " + primaryWidth + " (or " + (primaryWidth + n)
                        + " with a shadow backprop error): do all populations of the network use the same rule?");
            }
            float[] err;
            if (withShadow) {
                Outbox.split(in.values(), batch, primaryWidth, primary, n, shadow);
                err = primary;
                gate.gate(shadow, a, deltaBp);
            } else {
                err = in.values();
            }
            if (rule.receiverWeights()) {
                receiverProp.propagate(m, n, nTd, err, a, batch, delta);
            } else {
                gate.gate(err, a, delta);
            }
            boolean noError = allZero(err); // a minibatch of padding only: nothing to learn

            // The error for the layer below, with the weights this minibatch saw.
            if (p.propagateError() && rule.hiddenLayersPropagate()) {
                float[] mine = delta;
                int mineWidth = n;
                if (!rule.receiverWeights()) {
                    senderProp.propagate(w, n, nIn, delta, x, batch, down);
                    mine = down;
                    mineWidth = nIn;
                }
                if (withShadow) {
                    shadowProp.propagate(w, n, nIn, deltaBp, x, batch, downShadow);
                    outbox.addJoined(mine, mineWidth, downShadow, nIn, Channels.TOP_DOWN);
                } else {
                    outbox.add(mine, mineWidth, Channels.TOP_DOWN);
                }
            }

            boolean learn = protocol.learning() && !noError;
            if (learn || withShadow) {
                counterHebb.gradient(delta, n, x, nIn, batch, BatchReduction.SUM, dw);
            }
            if (withShadow) {
                counterHebb.gradient(deltaBp, n, x, nIn, batch, BatchReduction.SUM, dwBp);
                double angle = angleDegrees(dw, dwBp);
                if (!Double.isNaN(angle)) {
                    out.metric("fa_bp_angle", angle);
                }
            }
            if (!learn) {
                return;
            }
            double lr = p.optimiser().rate(examplesLearned);
            if (b != null) {
                CounterHebbRule.biasGradient(delta, n, batch, BatchReduction.SUM, db);
                bParam.step(db, lr);
            }
            if (mParam != null) {
                // Mirrored Counter-Hebb on the TD weights: ΔM[i][j] = Σ_b a[b][i] · δ_above[b][j].
                counterHebb.gradient(a, n, err, nTd, batch, BatchReduction.SUM, dm);
                mParam.step(dm, lr);
            }
            wParam.step(dw, lr);
            examplesLearned += batch;
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("activity", a), new StateVariable("delta", delta));
        }

        @Override
        public float[] weights(int projectionId) {
            if (projectionId == buId) {
                return w;
            }
            return projectionId == tdId ? m : null;
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
         * init), the minibatch awaiting its error (its input and activity), the messages not yet
         * sent, the protocol's position and the decay's count.
         */
        @Override
        public void save(ModelState out) {
            wParam.save(out, "weights");
            if (bParam != null) {
                bParam.save(out, "bias");
            }
            if (mParam != null) {
                mParam.save(out, "td_weights");
            }
            out.put("input", x == null ? new float[0] : x);
            out.put("activity", a);
            out.put("delta", delta);
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
            if (mParam != null) {
                mParam.restore(in, "td_weights");
            }
            float[] input = in.floats("input");
            if (input.length != 0 && input.length != batch * nIn) {
                throw new IllegalStateException("model state 'input' holds " + input.length + " values, this layer takes "
                        + batch * nIn);
            }
            x = input.length == 0 ? null : input;
            in.copyInto("activity", a);
            in.copyInto("delta", delta);
            examplesLearned = in.number("examples_learned");
            protocol.restore(in);
            outbox.restore(in);
        }

        @Override
        public void close() {
            product.close();
            counterHebb.close();
            if (receiverProp != null) {
                receiverProp.close();
            }
            if (senderProp != null) {
                senderProp.close();
            }
            if (shadowProp != null) {
                shadowProp.close();
            }
        }
    }
}
