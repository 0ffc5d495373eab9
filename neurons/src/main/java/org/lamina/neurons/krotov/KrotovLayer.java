package org.lamina.neurons.krotov;

import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.neurons.layer.CompetitiveLayerModel;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;

/**
 * A hidden layer trained with the Krotov–Hopfield minibatch rule (the fast ranking shortcut of
 * REFERENCES.md) on the dense input of its one incoming projection. During phases named
 * {@code learnPhase} every arriving minibatch updates the weights through the run's kernel
 * backend, with the per-epoch linear anneal {@code eps = eps0 (1 - epoch / epochs)}, where an
 * epoch is {@code examplesPerEpoch} examples seen while learning. Per minibatch it reports the
 * metrics {@code max_dw} and {@code eps} and, every {@code reportEvery} minibatches,
 * {@code mean_row_norm} (p-norm) and {@code units_ever_won} (units ranked first in some example
 * so far: fewer than half means the layer is collapsing).
 *
 * <p>Outside its learning phase the layer is a feature extractor for a readout: every arriving
 * dense minibatch {@code v} ({@code batch × inputs}) makes it emit dense features
 * ({@code batch × size}) at the same step, Krotov's supervised-phase hidden layer of
 * REFERENCES.md: {@code h_mu = max(<W_mu, v>, 0)^n} with the plain dot product (whatever
 * {@code p}) and {@code n = readoutPower} ({@link Features#POWER_RELU}), or
 * {@code max(<W_mu, v>, 0)} ({@link Features#RELU}). With {@code normaliseInput} each example is
 * first scaled to unit L2 length (inside the layer, for the features only; an all-zero example
 * stays zero), as the paper does for this phase so that the power does not overflow. The
 * product runs on the run's kernel backend into reused buffers. During the learning phase it
 * emits nothing.
 */
public record KrotovLayer(double p, int k, double delta, double eps0, int epochs, int examplesPerEpoch,
                          String learnPhase, int reportEvery, Features features, double readoutPower,
                          boolean normaliseInput) implements ModelDescriptor {

    /** The features emitted outside the learning phase. */
    public enum Features {
        /** {@code max(<W_mu, v>, 0)^readoutPower}. */
        POWER_RELU,
        /** {@code max(<W_mu, v>, 0)}. */
        RELU;

        /** The name in scenario files ({@code power-relu}, {@code relu}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The value named {@code label} in scenario files. */
        public static Features of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** The paper's readout power {@code n}. */
    public static final double PAPER_READOUT_POWER = 4.5;

    public KrotovLayer {
        new KrotovParams(p, k, delta, 1e-30); // validates p, k, delta
        if (!(eps0 > 0) || epochs < 1 || examplesPerEpoch < 1 || reportEvery < 1) {
            throw new IllegalArgumentException("eps0 must be > 0 and epochs, examples per epoch, report every >= 1");
        }
        if (learnPhase == null || learnPhase.isBlank()) {
            throw new IllegalArgumentException("the learning phase needs a name");
        }
        if (features == null) {
            throw new IllegalArgumentException("features is required (power-relu or relu)");
        }
        if (!(readoutPower >= 1) || Double.isInfinite(readoutPower)) {
            throw new IllegalArgumentException("the readout power must be a number >= 1, got " + readoutPower);
        }
    }

    /** Power-ReLU features with the paper's {@code n = 4.5} on unit-length inputs. */
    public KrotovLayer(double p, int k, double delta, double eps0, int epochs, int examplesPerEpoch,
                       String learnPhase, int reportEvery) {
        this(p, k, delta, eps0, epochs, examplesPerEpoch, learnPhase, reportEvery, Features.POWER_RELU,
                PAPER_READOUT_POWER, true);
    }

    /** The paper's MNIST settings for one pass: p = 3, k = 7, Delta = 0.4, eps0 = 0.04; readout n = 4.5. */
    public static KrotovLayer paper(int epochs, int examplesPerEpoch) {
        return new KrotovLayer(3, 7, 0.4, 0.04, epochs, examplesPerEpoch, "unsupervised", 100);
    }

    @Override
    public String name() {
        return "krotov-layer";
    }

    @Override
    public SortedMap<String, String> params() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("p", Double.toString(p));
        m.put("k", Integer.toString(k));
        m.put("delta", Double.toString(delta));
        m.put("eps0", Double.toString(eps0));
        m.put("epochs", Integer.toString(epochs));
        m.put("examples_per_epoch", Integer.toString(examplesPerEpoch));
        m.put("learn_phase", learnPhase);
        m.put("report_every", Integer.toString(reportEvery));
        m.put("features", features.label());
        m.put("readout_power", Double.toString(readoutPower));
        m.put("normalise_input", Boolean.toString(normaliseInput));
        return m;
    }

    @Override
    public List<String> stateVariables() {
        return List.of();
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        if (ctx.incoming().size() != 1) {
            throw new IllegalArgumentException("a krotov-layer learns on exactly one incoming projection, "
                    + ctx.name() + " has " + ctx.incoming().size());
        }
        return new Model(ctx, this);
    }

    private static final class Model extends CompetitiveLayerModel {
        private final KrotovLayer p;
        private final KrotovRule rule;
        /** The normalised input and the features, reused for every emitted minibatch. */
        private final float[] input;
        private final float[] features;
        private long examplesSeen;
        private double eps;

        Model(PopulationContext ctx, KrotovLayer p) {
            super(ctx, "krotov-layer", ctx.incoming().get(0).initialWeights(), p.learnPhase(), p.reportEvery());
            this.p = p;
            this.rule = KrotovRule.create(new KrotovParams(p.p(), p.k(), p.delta(), 1e-30), backend);
            this.input = new float[batch * cols];
            this.features = new float[batch * rows];
        }

        @Override
        protected double train(float[] x, int[] winners, Emitter out) {
            int epoch = (int) (examplesSeen / p.examplesPerEpoch());
            eps = p.eps0() * Math.max(0.0, 1.0 - (double) epoch / p.epochs());
            double maxDw = rule.update(w, rows, cols, x, batch, eps);
            rule.lastWinners(winners);
            examplesSeen += batch;
            return maxDw;
        }

        @Override
        protected void reportStep(Emitter out) {
            out.metric("eps", eps);
        }

        /** Krotov's readout features of one minibatch (see the class comment), emitted as dense activity. */
        @Override
        protected void emitFeatures(float[] v, Emitter out) {
            float[] x = v;
            if (p.normaliseInput()) {
                for (int b = 0; b < batch; b++) {
                    double sq = 0;
                    for (int c = 0; c < cols; c++) {
                        sq += (double) v[b * cols + c] * v[b * cols + c];
                    }
                    float scale = sq > 0 ? (float) (1 / Math.sqrt(sq)) : 0f;
                    for (int c = 0; c < cols; c++) {
                        input[b * cols + c] = v[b * cols + c] * scale;
                    }
                }
                x = input;
            }
            product.multiply(w, rows, cols, x, batch, features);
            boolean power = p.features() == Features.POWER_RELU;
            double n = p.readoutPower();
            // Whole and half-whole powers (the paper's 4.5) by multiplication and one square root:
            // Math.pow on 200,000 features per minibatch cost as much as the product itself.
            int whole = (int) Math.floor(n);
            boolean half = n - whole == 0.5;
            boolean fast = n - whole == 0 || half;
            for (int i = 0; i < features.length; i++) {
                float h = Math.max(features[i], 0f);
                if (power && h > 0) {
                    if (fast) {
                        double y = half ? Math.sqrt(h) : 1;
                        for (int k = 0; k < whole; k++) {
                            y *= h;
                        }
                        h = (float) y;
                    } else {
                        h = (float) Math.pow(h, n);
                    }
                }
                features[i] = h;
            }
            out.dense(features, rows);
        }

        /** Mean p-norm of the rows (the rule drives them to 1). */
        @Override
        protected double meanRowNorm() {
            // Integer p (the usual 2 and 3) by multiplication: Math.pow on every weight cost about
            // half a millisecond per minibatch on average at 2000 x 784.
            int whole = (int) p.p();
            boolean integer = whole == p.p();
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                double norm = 0;
                for (int c = 0; c < cols; c++) {
                    double a = Math.abs(w[r * cols + c]);
                    if (integer) {
                        double power = a;
                        for (int k = 1; k < whole; k++) {
                            power *= a;
                        }
                        norm += power;
                    } else {
                        norm += Math.pow(a, p.p());
                    }
                }
                sum += Math.pow(norm, 1 / p.p());
            }
            return sum / rows;
        }

        @Override
        protected void closeRule() {
            rule.close();
        }
    }
}
