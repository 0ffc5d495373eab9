package org.lamina.neurons.readout;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.kernels.supervised.OutputLoss;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamValues;
import org.lamina.neurons.supervised.Optimiser;
import org.lamina.neurons.wiring.ModelKernels;
import org.lamina.neurons.wiring.Wiring;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.spec.WeightInit;

/**
 * A linear classifier as a population: one unit per class, fed the dense features of the
 * population {@code featuresFrom} (the projection's weights are the classifier's, so a
 * scenario chooses their initialisation) and the one-hot targets of {@code labelsFrom} (a
 * {@code dataset-input} that emits labels; an all-zero row is padding and is skipped). Features
 * must arrive with their labels in the same step; labels alone are ignored (the feature layer
 * emits nothing while it learns). The projection from {@code featuresFrom} carries the rule
 * ({@link #RULE}); during phases that let it learn each minibatch is one
 * optimiser step ({@link SoftmaxClassifier}, {@link Optimiser}: SGD or Adam, learning rate
 * {@code lr · lrDecay^epoch}, an epoch being {@code examplesPerEpoch} examples learnt on); in
 * other phases it only classifies. Per minibatch it reports {@code loss} (mean over the valid
 * examples), {@code correct} and {@code examples}; outside learning also each example's
 * {@code label} and {@code predicted} class (for confusion matrices). {@code weightDecay} is an
 * L2 penalty on the classifier's weights. With {@code standardiseFeatures} the classifier sees
 * each feature centred and scaled by its mean and standard deviation over the first epoch learnt
 * on ({@link FeatureStandardiser}).
 *
 * <p>Features may arrive as spikes ({@code spikeSteps} = T, the scenario's spike presentation):
 * the readout counts them per example and feature until the labels arrive, and reads the rates
 * {@code count / T} as that minibatch's features.
 */
public record ReadoutLayer(String featuresFrom, String labelsFrom, Optimiser optimiser, OutputLoss loss,
                           double weightDecay, boolean standardiseFeatures, int spikeSteps)
        implements ModelDescriptor {

    /** The rule's name in scenario files and trace headers. */
    public static final String RULE = "gradient";
    /** Names of what a readout records with its weights ({@link PopulationModel#weightExtras}). */
    public static final String BIAS = "bias";
    public static final String FEATURE_SHIFT = "feature-shift";
    public static final String FEATURE_SCALE = "feature-scale";

    public static final ModelType<ReadoutLayer> TYPE = ModelType.learning("readout",
            "a linear softmax classifier trained on another population's features and a dataset's labels",
            ReadoutLayer.class, declared(), (v, c) -> new ReadoutLayer(v.text("features-from"), v.text("labels-from"),
                    Optimiser.from(v), v.text("loss").equals("cross-entropy")
                    ? OutputLoss.CROSS_ENTROPY : OutputLoss.powerTanh(v.decimal("beta"), v.decimal("power")),
                    v.decimal("weight-decay"), v.bool("standardise-features"), c.spikes() == null ? 0 : c.spikes().steps()),
            new ModelType.Learning(PhaseKind.READOUT, "features-from"));

    private static List<Param<ReadoutLayer>> declared() {
        List<Param<ReadoutLayer>> p = new ArrayList<>();
        p.add(Param.population("features-from", ReadoutLayer::featuresFrom)
                .doc("the population whose activity the classifier reads"));
        p.add(Param.population("labels-from", ReadoutLayer::labelsFrom)
                .doc("the dataset-input that emits the one-hot labels"));
        p.add(Param.choice(ModelType.RULE, (ReadoutLayer m) -> RULE, List.of(RULE)).byDefault(RULE).ofRule()
                .doc("gradient descent on the loss, by the optimizer"));
        p.addAll(Optimiser.params(ReadoutLayer::optimiser));
        p.add(Param.choice("loss", (ReadoutLayer m) -> m.loss() instanceof OutputLoss.PowerTanh ? "power-tanh"
                : "cross-entropy", List.of("cross-entropy", "power-tanh")).byDefault("cross-entropy").ofRule()
                .doc("softmax cross-entropy, or Krotov's sum |tanh(beta z) - t|^power"));
        p.add(Param.decimal("beta", (ReadoutLayer m) -> ((OutputLoss.PowerTanh) m.loss()).beta()).byDefault(0.01)
                .range(Double.MIN_VALUE, 1e6).onlyWhen(ReadoutLayer::powerTanh, "loss = power-tanh").ofRule()
                .doc("slope beta of the tanh"));
        p.add(Param.decimal("power", (ReadoutLayer m) -> ((OutputLoss.PowerTanh) m.loss()).power()).byDefault(6.0)
                .range(1, 100).onlyWhen(ReadoutLayer::powerTanh, "loss = power-tanh").ofRule()
                .doc("power m of the loss"));
        p.add(Param.decimal("weight-decay", ReadoutLayer::weightDecay).byDefault(0.0).range(0, 1e6).ofRule()
                .doc("L2 penalty weight-decay/2 |W|^2 on the weights (not the bias)"));
        p.add(Param.bool("standardise-features", ReadoutLayer::standardiseFeatures).byDefault(false)
                .doc("centre and scale each feature by its statistics over the first epoch learned on"));
        return p;
    }

    private static boolean powerTanh(ParamValues v) {
        return v.text("loss").equals("power-tanh");
    }

    public ReadoutLayer {
        if (optimiser == null || loss == null) {
            throw new IllegalArgumentException("a readout needs an optimiser and a loss");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (featuresFrom == null || labelsFrom == null) {
            throw new IllegalArgumentException("a readout needs its features and labels named");
        }
        if (spikeSteps < 0) {
            throw new IllegalArgumentException("spike steps must be >= 0, got " + spikeSteps);
        }
    }

    /** A readout of dense features only. */
    public ReadoutLayer(String featuresFrom, String labelsFrom, Optimiser optimiser, OutputLoss loss, double weightDecay,
                        boolean standardiseFeatures) {
        this(featuresFrom, labelsFrom, optimiser, loss, weightDecay, standardiseFeatures, 0);
    }

    @Override
    public String name() {
        return "readout";
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
        IncomingProjection[] io = wiring(ctx);
        return new Model(ctx, io[0], io[1]);
    }

    @Override
    public void checkIncoming(PopulationContext ctx) {
        wiring(ctx);
    }

    /** The projections of the features and of the labels; fails naming what is wrong. */
    private IncomingProjection[] wiring(PopulationContext ctx) {
        Wiring.notFromItself(ctx, "readout");
        IncomingProjection features = null;
        IncomingProjection labels = null;
        for (IncomingProjection in : ctx.incoming()) {
            if (in.sourceName().equals(featuresFrom)) {
                features = in;
            } else if (in.sourceName().equals(labelsFrom)) {
                labels = in;
            } else {
                throw new IllegalArgumentException("readout " + ctx.name() + " takes features from " + featuresFrom
                        + " and labels from " + labelsFrom + ", not input from " + in.sourceName());
            }
        }
        if (features == null || labels == null) {
            throw new IllegalArgumentException("readout " + ctx.name() + " needs projections from " + featuresFrom
                    + " (features) and " + labelsFrom + " (labels)");
        }
        if (labels.sourceSize() != ctx.size()) {
            throw new IllegalArgumentException("readout " + ctx.name() + " has " + ctx.size() + " units (classes) but "
                    + labelsFrom + " emits " + labels.sourceSize() + " labels");
        }
        WeightInit init = features.init();
        for (var e : init.extras().entrySet()) {
            int needed = switch (e.getKey()) {
                case BIAS -> ctx.size();
                case FEATURE_SHIFT, FEATURE_SCALE -> features.sourceSize();
                default -> throw new IllegalArgumentException("readout " + ctx.name() + ": " + init + " come with '"
                        + e.getKey() + "', which a readout does not know (it restores " + BIAS + ", " + FEATURE_SHIFT
                        + " and " + FEATURE_SCALE + ")");
            };
            if (e.getValue().length != needed) {
                throw new IllegalArgumentException("readout " + ctx.name() + ": " + init + " come with a " + e.getKey()
                        + " of " + e.getValue().length + " values; this readout needs " + needed);
            }
        }
        return new IncomingProjection[] {features, labels};
    }

    private final class Model implements PopulationModel {
        private final String name;
        private final int classes;
        private final int width;
        private final int featureProjection;
        private final int labelProjection;
        private final float[] w;
        private final SoftmaxClassifier classifier;
        private final float[] rows;
        private final int[] targets;
        private final int[] positions;
        private final int[] predicted;
        private final FeatureStandardiser standardiser;
        /** Spike-coded features: their counts since the last labels, {@code batch × width}. */
        private final float[] spikeCounts;
        private boolean spikesPending;
        private boolean learning;
        private long examplesLearnt;

        Model(PopulationContext ctx, IncomingProjection features, IncomingProjection labels) {
            this.name = ctx.name();
            this.classes = ctx.size();
            this.width = features.sourceSize();
            this.featureProjection = features.id();
            this.labelProjection = labels.id();
            this.w = features.initialWeights();
            this.classifier = new SoftmaxClassifier(width, classes, ModelKernels.of(ctx).softmaxReadout(), loss, optimiser,
                    weightDecay, w);
            this.rows = new float[ctx.batch() * width];
            this.targets = new int[ctx.batch()];
            this.positions = new int[ctx.batch()];
            this.predicted = new int[ctx.batch()];
            this.spikeCounts = new float[spikeSteps > 0 ? ctx.batch() * width : 0];
            this.standardiser = standardiseFeatures ? new FeatureStandardiser(width, optimiser.examplesPerEpoch())
                    : null;
            restoreExtras(features.init());
        }

        /**
         * Weights given with what a previous readout learnt alongside them: its bias, and (when
         * this readout standardises) the statistics it standardised with, which stay frozen.
         */
        private void restoreExtras(WeightInit init) {
            float[] bias = init.extra(BIAS);
            if (bias != null) {
                classifier.setBias(bias);
            }
            float[] shift = init.extra(FEATURE_SHIFT);
            float[] scale = init.extra(FEATURE_SCALE);
            if (standardiser != null && shift != null && scale != null) {
                standardiser.restore(shift, scale);
            }
        }

        @Override
        public void phase(Phase phase, boolean begin) {
            learning = begin && phase.learns(featureProjection);
            java.util.Arrays.fill(spikeCounts, 0f);
            spikesPending = false;
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            DenseEmission f = null;
            DenseEmission l = null;
            for (StepInputs.Arrival a : inputs.arrivals()) {
                if (a.emission() instanceof SpikeEmission s && a.projection() == featureProjection) {
                    countSpikes(s);
                    continue;
                }
                // Channel 0 only: a supervised layer also sends top-down errors (channel 1) on its projections.
                if (a.emission() instanceof DenseEmission d && d.channel() == DenseEmission.DEFAULT_CHANNEL) {
                    if (a.projection() == featureProjection) {
                        f = d;
                    } else if (a.projection() == labelProjection) {
                        l = d;
                    }
                }
            }
            float[] features = f == null ? null : f.values();
            if (f == null && spikesPending && l != null) {
                // Spike-coded features end with their labels' arrival: their rates are the features.
                features = spikeCounts;
                float scale = 1f / spikeSteps;
                for (int i = 0; i < features.length; i++) {
                    features[i] *= scale;
                }
            }
            if (features == null) {
                return; // labels alone: the feature layer is silent (it emits no features while it learns)
            }
            if (l == null) {
                throw new IllegalStateException("readout " + name + ": features from " + featuresFrom + " arrived at step "
                        + step + " without labels from " + labelsFrom + "; the two paths from the dataset must take equally"
                        + " many steps (projection delays)");
            }
            int m = compactValid(features, l.values());
            if (features == spikeCounts) {
                java.util.Arrays.fill(spikeCounts, 0f);
                spikesPending = false;
            }
            if (m == 0) {
                return;
            }
            if (standardiser != null) {
                if (learning) {
                    standardiser.measure(rows, m);
                }
                standardiser.apply(rows, m);
            }
            SoftmaxClassifier.BatchResult r;
            if (learning) {
                r = classifier.trainBatch(rows, targets, m, optimiser.rate(examplesLearnt));
                examplesLearnt += m;
            } else {
                r = classifier.predictBatch(rows, targets, m, predicted);
                for (int i = 0; i < m; i++) {
                    out.metric("label", positions[i], targets[i]);
                    out.metric("predicted", positions[i], predicted[i]);
                }
            }
            out.metric("loss", r.lossSum() / m);
            out.metric("correct", r.correct());
            out.metric("examples", m);
        }

        private void countSpikes(SpikeEmission s) {
            if (spikeSteps == 0) {
                throw new IllegalStateException("readout " + name + ": " + featuresFrom + " sends spikes, but the scenario"
                        + " has no spike-coded images to give their presentation's length");
            }
            int[] offsets = s.offsets();
            int[] indices = s.indices();
            for (int b = 0; b < s.batch(); b++) {
                for (int e = offsets[b]; e < offsets[b + 1]; e++) {
                    spikeCounts[b * width + indices[e]] += 1f;
                }
            }
            spikesPending = true;
        }

        /** Copies the examples whose label row is not all zero to the front; returns how many. */
        private int compactValid(float[] features, float[] oneHot) {
            int batch = oneHot.length / classes;
            if (features.length != batch * width) {
                throw new IllegalStateException("readout " + name + ": " + featuresFrom + " sent " + features.length
                        + " values for a minibatch of " + batch + ", expected " + batch * width);
            }
            int m = 0;
            for (int b = 0; b < batch; b++) {
                int label = -1;
                for (int k = 0; k < classes; k++) {
                    if (oneHot[b * classes + k] > 0.5f) {
                        label = k;
                    }
                }
                if (label < 0) {
                    continue;
                }
                System.arraycopy(features, b * width, rows, m * width, width);
                targets[m] = label;
                positions[m] = b;
                m++;
            }
            return m;
        }

        @Override
        public float[] weights(int projectionId) {
            return projectionId == featureProjection ? w : null;
        }

        /** The bias, and the standardisation statistics once measured (frozen): what from-run restores. */
        @Override
        public SortedMap<String, float[]> weightExtras(int projectionId) {
            TreeMap<String, float[]> extras = new TreeMap<>();
            if (projectionId == featureProjection) {
                extras.put(BIAS, classifier.bias());
                if (standardiser != null && standardiser.frozen()) {
                    extras.put(FEATURE_SHIFT, standardiser.shift());
                    extras.put(FEATURE_SCALE, standardiser.scale());
                }
            }
            return extras;
        }

        @Override
        public long weightsVersion() {
            return examplesLearnt; // every optimiser step learns from at least one example
        }

        @Override
        public boolean checkpointable() {
            return true;
        }

        /** Weights, bias and their optimiser state, the standardisation, the decay's count, spikes counted so far. */
        @Override
        public void save(ModelState out) {
            classifier.save(out);
            if (standardiser != null) {
                standardiser.save(out);
            }
            out.put("examples_learnt", examplesLearnt);
            out.put("spike_counts", spikeCounts);
            out.put("spikes_pending", spikesPending);
        }

        @Override
        public void restore(ModelState in) {
            classifier.restore(in);
            if (standardiser != null) {
                standardiser.restore(in);
            }
            examplesLearnt = in.number("examples_learnt");
            in.copyInto("spike_counts", spikeCounts);
            spikesPending = in.flag("spikes_pending");
        }

        @Override
        public void close() {
            classifier.close();
        }
    }
}
