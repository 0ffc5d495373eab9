package org.lamina.neurons.softhebb;

import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.neurons.layer.CompetitiveLayerModel;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.wiring.Wiring;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.rng.CounterRng;

/**
 * A hidden layer trained with SoftHebb (REFERENCES.md) on the dense input of its one incoming
 * projection, whose weights it owns and which carries the rule ({@link #RULE}). During phases that
 * let that projection learn, every arriving
 * minibatch updates the weights (and the bias, if any) with {@link SoftHebbRule} on the run's
 * kernel backend: {@code u = W x (+ b)}, soft ({@code y = softmax(tInvert · u)}), hard-WTA or
 * anti-Hebbian activations, {@code dW} normalised by its largest entry, the radius-dependent rate
 * {@code lr (| ||W_k|| - 1 | + 1e-10)^powerLr}. Per minibatch it reports {@code max_dw}; every
 * {@code reportEvery} minibatches {@code mean_row_norm} (L2; the rule drives it to 1),
 * {@code units_ever_won} (units that had the largest {@code u} in some example so far) and, with
 * a bias, {@code mean_bias}; at the end of each epoch of {@code examplesPerEpoch} examples
 * learnt from, {@code units_won_this_epoch} and {@code top1pct_win_share}
 * ({@link CompetitiveLayerModel}: whether the layer is collapsing).
 *
 * <p>Initial weights: with {@code radius > 0}, uniform in {@code [0, a)} with
 * {@code a = sqrt(3 r² / inputs)} (REFERENCES.md with p = 2: mean row norm about {@code r}),
 * drawn from the projection's own random stream, and the projection's {@code init} is not used;
 * with {@code radius = 0} the projection's {@code init}. The bias starts at the uniform prior
 * {@code ln(1/size) / tInvert} and learns as {@link SoftHebbRule} describes.
 *
 * <p>Outside its learning phase the layer is a feature extractor for a readout: every arriving
 * dense minibatch makes it emit {@code batch × size} dense features at the same step, from
 * {@code u = W x (+ b)}: {@code softmax(featureTInvert · u)} per example (the ICLR code's
 * classifier input, {@code softmax(5u)}), {@code max(u, 0)} or {@code u}. The product runs on
 * the run's kernel backend into reused buffers. During the learning phase it emits nothing.
 */
public record SoftHebbLayer(double tInvert, double lr, double powerLr, SoftHebbParams.Variant variant, boolean bias,
                            double radius, int reportEvery, Features features,
                            double featureTInvert, int examplesPerEpoch) implements ModelDescriptor {

    /** The features emitted outside the learning phase. */
    public enum Features {
        /** {@code softmax(featureTInvert · u)} over the units of each example. */
        SOFTMAX,
        /** {@code max(u, 0)}. */
        RELU,
        /** {@code u}. */
        LINEAR;

        /** The name in scenario files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The value named {@code label} in scenario files. */
        public static Features of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** The rule's name in scenario files and trace headers. */
    public static final String RULE = "softhebb";

    /** Defaults are the SoftHebb MLP preset for MNIST (docs/scenarios.md). */
    public static final ModelType<SoftHebbLayer> TYPE = ModelType.learning("softhebb-layer",
            "a hidden layer learning features without labels by SoftHebb (soft winner-take-all Hebbian plasticity)",
            SoftHebbLayer.class, List.of(
                    Param.choice(ModelType.RULE, (SoftHebbLayer m) -> RULE, List.of(RULE)).byDefault(RULE).ofRule()
                            .doc("SoftHebb: Hebbian updates weighted by the soft winner-take-all of u = W x"),
                    Param.decimal("t-invert", SoftHebbLayer::tInvert).byDefault(12.0).positive().ofRule()
                            .doc("inverse temperature of the soft winner-take-all while learning"),
                    Param.decimal("lr", SoftHebbLayer::lr).byDefault(0.045).positive().ofRule().doc("learning rate"),
                    Param.decimal("power-lr", SoftHebbLayer::powerLr).byDefault(0.2).range(0, 10).ofRule()
                            .doc("power of the radius-dependent learning-rate factor"),
                    Param.choice("variant", (SoftHebbLayer m) -> m.variant().name().toLowerCase(Locale.ROOT),
                            List.of("soft", "hard", "anti")).byDefault("anti").ofRule()
                            .doc("soft WTA, hard WTA, or soft WTA with anti-Hebbian updates for the losers"),
                    Param.bool("bias", SoftHebbLayer::bias).byDefault(false).doc("learn a bias, u = W x + b"),
                    Param.decimal("radius", SoftHebbLayer::radius).byDefault(35.0).atLeast(0)
                            .doc("initial mean row norm (weights uniform in [0, a)); 0: the projection's init"),
                    Param.integer("report-every", SoftHebbLayer::reportEvery).byDefault(100L)
                            .range(1, Integer.MAX_VALUE).unit("minibatches")
                            .doc("how often mean_row_norm and units_ever_won are reported"),
                    Param.integer("examples-per-epoch", SoftHebbLayer::examplesPerEpoch)
                            .byDefault(Param.fromContext(ModelContext::examplesPerEpoch), "the training split's size")
                            .range(1, Integer.MAX_VALUE)
                            .doc("examples learned from that make one epoch of units_won_this_epoch"),
                    Param.choice("features", (SoftHebbLayer m) -> m.features().label(),
                            List.of("softmax", "relu", "linear")).byDefault("softmax")
                            .doc("features emitted outside learning: softmax(t u), max(u, 0) or u"),
                    Param.decimal("feature-t-invert", SoftHebbLayer::featureTInvert).byDefault(5.0).positive()
                            .doc("inverse temperature t of the softmax features")),
            (v, c) -> new SoftHebbLayer(v.decimal("t-invert"), v.decimal("lr"), v.decimal("power-lr"),
                    variantOf(v.text("variant")), v.bool("bias"), v.decimal("radius"),
                    v.intValue("report-every"), Features.of(v.text("features")), v.decimal("feature-t-invert"),
                    v.intValue("examples-per-epoch")),
            new ModelType.Learning(PhaseKind.UNSUPERVISED, null));

    /** The variant named {@code label} in scenario files ({@code soft}, {@code hard}, {@code anti}). */
    public static SoftHebbParams.Variant variantOf(String label) {
        return SoftHebbParams.Variant.valueOf(label.toUpperCase(Locale.ROOT));
    }

    public SoftHebbLayer {
        new SoftHebbParams(tInvert, lr, powerLr, variant, bias); // validates tInvert, lr, powerLr, variant
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("radius must be >= 0 (0: the projection's init), got " + radius);
        }
        if (reportEvery < 1) {
            throw new IllegalArgumentException("report every must be >= 1, got " + reportEvery);
        }
        if (features == null) {
            throw new IllegalArgumentException("features is required (softmax, relu or linear)");
        }
        if (!(featureTInvert > 0) || Double.isInfinite(featureTInvert)) {
            throw new IllegalArgumentException("the feature inverse temperature must be > 0, got " + featureTInvert);
        }
        if (examplesPerEpoch < 1) {
            throw new IllegalArgumentException("examples per epoch must be >= 1, got " + examplesPerEpoch);
        }
    }

    /**
     * The MNIST MLP preset of the ICLR code: t_invert 12, lr 0.045, power_lr 0.2, anti-Hebbian,
     * no bias, radius 35; features {@code softmax(5u)}.
     */
    public static SoftHebbLayer mnistPreset() {
        return TYPE.defaults(ModelContext.NONE);
    }

    /** The rule's parameters. */
    public SoftHebbParams ruleParams() {
        return new SoftHebbParams(tInvert, lr, powerLr, variant, bias);
    }

    @Override
    public String name() {
        return "softhebb-layer";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of();
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        checkIncoming(ctx);
        return new Model(ctx, this);
    }

    @Override
    public void checkIncoming(PopulationContext ctx) {
        Wiring.exactlyOne(ctx, "softhebb-layer");
    }

    /** The initial weights ({@code rows × cols}) for {@code in} (see the class comment). */
    public float[] initialWeights(IncomingProjection in) {
        if (radius == 0) {
            return in.initialWeights();
        }
        int n = Math.multiplyExact(in.targetSize(), in.sourceSize());
        double a = Math.sqrt(3 * radius * radius / in.sourceSize());
        CounterRng rng = in.initRng();
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (a * rng.uniform(0, i));
        }
        return w;
    }

    private static final class Model extends CompetitiveLayerModel {
        private final SoftHebbLayer p;
        /** The bias ({@code rows}), or null without one. */
        private final float[] b;
        private final SoftHebbRule rule;
        /** {@code u}, then the features, for every emitted minibatch. */
        private final float[] features;

        Model(PopulationContext ctx, SoftHebbLayer p) {
            super(ctx, "softhebb-layer", p.initialWeights(ctx.incoming().get(0)), p.reportEvery(),
                    p.examplesPerEpoch());
            this.p = p;
            SoftHebbParams params = p.ruleParams();
            if (p.bias()) {
                this.b = new float[rows];
                SoftHebbRule.initialBias(params, b);
            } else {
                this.b = null;
            }
            this.rule = kernels.softHebb(params);
            this.features = new float[batch * rows];
        }

        @Override
        protected double train(float[] x, int[] winners, Emitter out) {
            double maxDw = rule.update(w, b, rows, cols, x, batch);
            rule.lastWinners(winners);
            return maxDw;
        }

        /** The features of one minibatch (see the class comment), emitted as dense activity. */
        @Override
        protected void emitFeatures(float[] x, Emitter out) {
            product.multiply(w, rows, cols, x, batch, features);
            for (int e = 0; e < batch; e++) {
                int base = e * rows;
                if (b != null) {
                    for (int r = 0; r < rows; r++) {
                        features[base + r] += b[r];
                    }
                }
                switch (p.features()) {
                    case LINEAR -> {
                    }
                    case RELU -> {
                        for (int r = base; r < base + rows; r++) {
                            features[r] = Math.max(features[r], 0f);
                        }
                    }
                    case SOFTMAX -> {
                        float max = features[base];
                        for (int r = base + 1; r < base + rows; r++) {
                            max = Math.max(max, features[r]);
                        }
                        double sum = 0;
                        for (int r = base; r < base + rows; r++) {
                            double ex = Math.exp(p.featureTInvert() * ((double) features[r] - max));
                            features[r] = (float) ex;
                            sum += ex;
                        }
                        for (int r = base; r < base + rows; r++) {
                            features[r] = (float) (features[r] / sum);
                        }
                    }
                }
            }
            out.dense(features, rows);
        }

        /** Mean L2 norm of the rows (the rule drives them to 1). */
        @Override
        protected double meanRowNorm() {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                double sq = 0;
                for (int c = 0; c < cols; c++) {
                    sq += (double) w[r * cols + c] * w[r * cols + c];
                }
                sum += Math.sqrt(sq);
            }
            return sum / rows;
        }

        @Override
        protected void reportMore(Emitter out) {
            if (b != null) {
                double bs = 0;
                for (float x : b) {
                    bs += x;
                }
                out.metric("mean_bias", bs / rows);
            }
        }

        /** The bias besides the weights: the rule keeps nothing between updates. */
        @Override
        protected void saveLayer(ModelState out) {
            if (b != null) {
                out.put("bias", b);
            }
        }

        @Override
        protected void restoreLayer(ModelState in) {
            if (b != null) {
                in.copyInto("bias", b);
            }
        }

        @Override
        protected void closeRule() {
            rule.close();
        }
    }
}
