package org.lamina.neurons.krotov;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.lamina.kernels.dynamics.SettleParams;
import org.lamina.kernels.dynamics.SettleTrajectory;
import org.lamina.kernels.plasticity.KrotovActivity;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.spikes.SpikeAccumulation;
import org.lamina.neurons.layer.CompetitiveLayerModel;
import org.lamina.neurons.layer.SpikePresentation;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamValues;
import org.lamina.neurons.wiring.Wiring;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.rng.CounterRng;

/**
 * A hidden layer trained with the Krotov–Hopfield minibatch rule (its learning signal from the
 * ranking shortcut or the settled inhibition dynamics) on the dense input of its one incoming
 * projection, which carries the rule ({@link #RULE}). During phases that let that projection
 * learn, every arriving minibatch updates the weights through the run's kernel
 * backend, with the per-epoch linear anneal {@code eps = eps0 (1 - epoch / epochs)}, where an
 * epoch is {@code examplesPerEpoch} examples seen while learning. Per minibatch it reports the
 * metrics {@code max_dw} and {@code eps} and, every {@code reportEvery} minibatches,
 * {@code mean_row_norm} (p-norm) and {@code units_ever_won} (units ranked first in some example
 * so far) and, at the end of each epoch, {@code units_won_this_epoch} and
 * {@code top1pct_win_share} ({@link CompetitiveLayerModel}: whether the layer is collapsing).
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
 *
 * <p>Fed with spikes ({@code spikes}, from a spike-coded {@code dataset-input}), the layer
 * accumulates its learning currents event by event while it learns: every input spike of a
 * presentation adds {@code 1/T} times that input's column of {@code sign(W)|W|^(p-1)} to its
 * example's currents (the run backend's {@link SpikeAccumulation}, given the presentation's
 * events at its last spike step), and the rule then learns from those currents and the rates
 * {@code counts / T}. Features are computed from
 * the rates as from dense input. With {@code spikeOutput} it sends them on as spikes instead: over
 * the T steps from the presentation's last spike step, unit {@code mu} of an example fires with
 * probability {@code f_mu / max_nu f_nu} per step (its feature relative to the example's
 * largest; the population's own random stream), for a readout that counts them.
 */
public record KrotovLayer(double p, int k, double delta, double eps0, int epochs, int examplesPerEpoch,
                          int reportEvery, Features features, double readoutPower,
                          boolean normaliseInput, KrotovActivity activity, int traceSettling, SpikePresentation spikes,
                          boolean spikeOutput)
        implements ModelDescriptor {

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

    /** Most examples per minibatch whose settling a layer traces, and the units it traces of each. */
    static final int MAX_TRACED = 64;
    static final int TRACED_UNITS = 8;

    /** The paper's readout power {@code n}. */
    public static final double PAPER_READOUT_POWER = 4.5;

    /** The rule's name in scenario files and trace headers. */
    public static final String RULE = "krotov";

    public static final ModelType<KrotovLayer> TYPE = ModelType.learning("krotov-layer",
            "a hidden layer learning features without labels by Krotov and Hopfield's rule, its learning signal from"
                    + " the ranking shortcut or from settled lateral-inhibition dynamics",
            KrotovLayer.class, declared(), KrotovLayer::create,
            new ModelType.Learning(PhaseKind.UNSUPERVISED, null));

    private static List<Param<KrotovLayer>> declared() {
        List<Param<KrotovLayer>> p = new ArrayList<>(List.of(
                Param.choice(ModelType.RULE, (KrotovLayer m) -> RULE, List.of(RULE)).byDefault(RULE).ofRule()
                        .doc("Krotov and Hopfield's: +1 for the Hebbian set, -delta for the anti-Hebbian set"),
                Param.decimal("p", KrotovLayer::p).byDefault(3.0).range(2, 16).ofRule()
                        .doc("power p of the p-norm overlap and weight normalisation"),
                Param.decimal("delta", KrotovLayer::delta).byDefault(0.4).atLeast(0).ofRule()
                        .doc("strength Delta of the anti-Hebbian update"),
                Param.decimal("eps0", KrotovLayer::eps0).byDefault(0.04).positive().ofRule()
                        .doc("initial learning rate, annealed linearly to 0 over the epochs"),
                Param.integer("epochs", KrotovLayer::epochs).range(1, Integer.MAX_VALUE).ofRule()
                        .doc("epochs of the learning-rate anneal eps0 (1 - epoch/epochs)"),
                Param.integer("examples-per-epoch", KrotovLayer::examplesPerEpoch)
                        .byDefault(Param.fromContext(ModelContext::examplesPerEpoch), "the training split's size")
                        .range(1, Integer.MAX_VALUE).ofRule()
                        .doc("examples learned from that make one epoch of the anneal and of units_won_this_epoch"),
                Param.integer("k", KrotovLayer::k).byDefault(7L).range(2, Integer.MAX_VALUE)
                        .doc("ranking: rank of the unit that gets the anti-Hebbian update"),
                Param.integer("report-every", KrotovLayer::reportEvery).byDefault(100L).range(1, Integer.MAX_VALUE)
                        .unit("minibatches").doc("how often mean_row_norm and units_ever_won are reported"),
                Param.choice("features", (KrotovLayer m) -> m.features().label(), List.of("power-relu", "relu"))
                        .byDefault("power-relu").doc("features emitted outside learning: max(<W, v>, 0)^n or max(<W, v>, 0)"),
                Param.decimal("readout-power", KrotovLayer::readoutPower).byDefault(PAPER_READOUT_POWER)
                        .range(1, 32).doc("power n of the power-relu features"),
                Param.bool("normalise-input", KrotovLayer::normaliseInput).byDefault(true)
                        .doc("scale each example to unit length before computing features"),
                Param.choice("output", (KrotovLayer m) -> m.spikeOutput() ? "spikes" : "dense", List.of("dense", "spikes"))
                        .byDefault("dense").doc("features sent on as dense values, or (with spike-coded images) as"
                                + " spikes over T steps at rates f / max f of each example"),
                Param.choice("activity", (KrotovLayer m) -> m.activity() instanceof KrotovActivity.Dynamics
                        ? "dynamics" : "ranking", List.of("ranking", "dynamics")).byDefault("ranking")
                        .doc("the learning signal: the ranking shortcut (+1 top unit, -delta k-th), or g(h) of the"
                                + " settled inhibition dynamics (+1 for h >= h*, -delta for 0 <= h < h*)")));
        String when = "activity = dynamics";
        p.add(dynamics(Param.<KrotovLayer>decimal("inhibition", m -> settle(m).inhibition()).byDefault(0.2).atLeast(0), when)
                .doc("lateral inhibition strength w_inh"));
        p.add(dynamics(Param.<KrotovLayer>decimal("rate-power", m -> settle(m).ratePower()).byDefault(1.0).range(1, 16), when)
                .doc("power n of the rate r(h) = max(h, 0)^n that inhibits the others"));
        p.add(dynamics(Param.<KrotovLayer>decimal("h-star", m -> dynamics(m).hStar()).byDefault(0.5), when)
                .doc("h* of g(h): absolute, or a fraction in (0, 1] of the example's largest h when h-star-relative"));
        p.add(dynamics(Param.<KrotovLayer>bool("h-star-relative", m -> dynamics(m).relative()).byDefault(true), when)
                .doc("h* as a fraction of each example's largest h"));
        p.add(dynamics(Param.<KrotovLayer>choice("settle", m -> dynamics(m).exact() ? "exact" : "ode",
                List.of("exact", "ode")).byDefault(Param.fromEarlier(v -> v.decimal("rate-power") == 1 ? "exact" : "ode"),
                "exact for rate-power 1, else ode"), when)
                .doc("the steady state computed directly (ReLU rate only) or the ODE integrated until it settles"));
        p.add(dynamics(Param.<KrotovLayer>decimal("tau-ms", m -> settle(m).tau()).byDefault(10.0).duration(), when)
                .doc("ode: time constant tau of the dynamics"));
        p.add(dynamics(Param.<KrotovLayer>decimal("settle-dt-ms", m -> settle(m).dt()).byDefault(0.5).duration(), when)
                .doc("ode: integration step"));
        p.add(dynamics(Param.<KrotovLayer>choice("integrator", m -> settle(m).integrator(), List.of("euler", "exponential-euler"))
                .byDefault("euler"), when).doc("ode: how the dynamics are stepped"));
        p.add(dynamics(Param.<KrotovLayer>decimal("settle-eps", m -> settle(m).eps()).byDefault(1e-3).positive().unit("1/ms"), when)
                .doc("ode: an example has settled when max |dh/dt| < settle-eps"));
        p.add(dynamics(Param.<KrotovLayer>integer("settle-max-steps", m -> settle(m).maxSteps()).byDefault(10_000L)
                .range(1, Integer.MAX_VALUE), when).doc("ode: steps after which an example counts as unsettled"));
        p.add(dynamics(Param.<KrotovLayer>integer("trace-settling", KrotovLayer::traceSettling).byDefault(0L)
                .range(0, MAX_TRACED), when).doc("examples of every report-every-th learned minibatch whose settling"
                + " h(t) goes to the trace (the " + TRACED_UNITS + " units of largest h, over 10 tau-ms; at most the batch)"));
        return p;
    }

    private static Param<KrotovLayer> dynamics(Param<KrotovLayer> param, String when) {
        return param.onlyWhen(v -> v.text("activity").equals("dynamics"), when);
    }

    private static KrotovActivity.Dynamics dynamics(KrotovLayer m) {
        return (KrotovActivity.Dynamics) m.activity();
    }

    private static SettleParams settle(KrotovLayer m) {
        return dynamics(m).settle();
    }

    private static KrotovLayer create(ParamValues v, ModelContext c) {
        KrotovActivity activity = KrotovActivity.RANKING;
        if (v.text("activity").equals("dynamics")) {
            activity = new KrotovActivity.Dynamics(new SettleParams(v.decimal("inhibition"), v.decimal("tau-ms"),
                    v.decimal("settle-dt-ms"), v.decimal("rate-power"), v.text("integrator"), v.decimal("settle-eps"),
                    v.intValue("settle-max-steps")), v.decimal("h-star"), v.bool("h-star-relative"),
                    v.text("settle").equals("exact"));
        }
        boolean spikeOutput = v.text("output").equals("spikes");
        if (spikeOutput && c.spikes() == null) {
            throw new org.lamina.neurons.params.ParamException("output", "spikes needs spike-coded images (a dataset-input"
                    + " with encoding = poisson or regular): the layer sends its spikes over the same T steps");
        }
        return new KrotovLayer(v.decimal("p"), v.intValue("k"), v.decimal("delta"), v.decimal("eps0"),
                v.intValue("epochs"), v.intValue("examples-per-epoch"), v.intValue("report-every"),
                Features.of(v.text("features")), v.decimal("readout-power"), v.bool("normalise-input"), activity,
                activity == KrotovActivity.RANKING ? 0 : v.intValue("trace-settling"), c.spikes(), spikeOutput);
    }

    public KrotovLayer {
        new KrotovParams(p, k, delta, 1e-30); // validates p, k, delta
        if (!(eps0 > 0) || epochs < 1 || examplesPerEpoch < 1 || reportEvery < 1) {
            throw new IllegalArgumentException("eps0 must be > 0 and epochs, examples per epoch, report every >= 1");
        }
        if (features == null) {
            throw new IllegalArgumentException("features is required (power-relu or relu)");
        }
        if (!(readoutPower >= 1) || Double.isInfinite(readoutPower)) {
            throw new IllegalArgumentException("the readout power must be a number >= 1, got " + readoutPower);
        }
        if (activity == null) {
            throw new IllegalArgumentException("activity is required (ranking or dynamics)");
        }
        if (spikeOutput && spikes == null) {
            throw new IllegalArgumentException("spike output needs spike input (its presentation's T)");
        }
        if (traceSettling < 0 || traceSettling > MAX_TRACED || traceSettling > 0 && activity == KrotovActivity.RANKING) {
            throw new IllegalArgumentException("trace-settling is 0.." + MAX_TRACED + " examples, and only when dynamics"
                    + " drive the learning; got " + traceSettling);
        }
    }

    /** A layer learning by the ranking shortcut. */
    public KrotovLayer(double p, int k, double delta, double eps0, int epochs, int examplesPerEpoch,
                       int reportEvery, Features features, double readoutPower, boolean normaliseInput) {
        this(p, k, delta, eps0, epochs, examplesPerEpoch, reportEvery, features, readoutPower,
                normaliseInput, KrotovActivity.RANKING);
    }

    /** A layer that traces no settling. */
    public KrotovLayer(double p, int k, double delta, double eps0, int epochs, int examplesPerEpoch, int reportEvery,
                       Features features, double readoutPower, boolean normaliseInput, KrotovActivity activity) {
        this(p, k, delta, eps0, epochs, examplesPerEpoch, reportEvery, features, readoutPower, normaliseInput, activity, 0,
                null, false);
    }

    /** The same layer tracing the settling of {@code examples} examples of every reported minibatch. */
    public KrotovLayer withTraceSettling(int examples) {
        return new KrotovLayer(p, k, delta, eps0, epochs, examplesPerEpoch, reportEvery, features, readoutPower,
                normaliseInput, activity, examples, spikes, spikeOutput);
    }

    /** The same layer fed with spikes presented as {@code presentation} (null: dense input only). */
    public KrotovLayer withSpikes(SpikePresentation presentation) {
        return new KrotovLayer(p, k, delta, eps0, epochs, examplesPerEpoch, reportEvery, features, readoutPower,
                normaliseInput, activity, traceSettling, presentation, spikeOutput && presentation != null);
    }

    /** The same layer sending its features on as spikes (it must be fed with spikes). */
    public KrotovLayer withSpikeOutput() {
        return new KrotovLayer(p, k, delta, eps0, epochs, examplesPerEpoch, reportEvery, features, readoutPower,
                normaliseInput, activity, traceSettling, spikes, true);
    }

    /** The same layer with another learning signal. */
    public KrotovLayer withActivity(KrotovActivity a) {
        return new KrotovLayer(p, k, delta, eps0, epochs, examplesPerEpoch, reportEvery, features,
                readoutPower, normaliseInput, a, 0, spikes, spikeOutput);
    }

    /** Power-ReLU features with the paper's {@code n = 4.5} on unit-length inputs. */
    public KrotovLayer(double p, int k, double delta, double eps0, int epochs, int examplesPerEpoch, int reportEvery) {
        this(p, k, delta, eps0, epochs, examplesPerEpoch, reportEvery, Features.POWER_RELU,
                PAPER_READOUT_POWER, true);
    }

    /** The paper's MNIST settings for one pass: p = 3, k = 7, Delta = 0.4, eps0 = 0.04; readout n = 4.5. */
    public static KrotovLayer paper(int epochs, int examplesPerEpoch) {
        return new KrotovLayer(3, 7, 0.4, 0.04, epochs, examplesPerEpoch, 100);
    }

    @Override
    public String name() {
        return "krotov-layer";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        // The settled h of the last minibatch learned from, when dynamics drive the learning.
        return activity instanceof KrotovActivity.Dynamics ? List.of("h") : List.of();
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        checkIncoming(ctx);
        return new Model(ctx, this);
    }

    @Override
    public void checkIncoming(PopulationContext ctx) {
        Wiring.exactlyOne(ctx, "krotov-layer");
    }

    private static final class Model extends CompetitiveLayerModel {
        private final KrotovLayer p;
        private final KrotovRule rule;
        /** The normalised input and the features, reused for every emitted minibatch. */
        private final float[] input;
        private final float[] features;
        /** The settled h of the last minibatch learned from (dynamics only). */
        private final float[] settled;
        /** Spike input only: the accumulation, the weights it holds, and the open presentation's currents. */
        private final SpikeAccumulation accumulation;
        private final float[] overlap;
        private final float[] spikeCurrents;
        /** The open presentation's events (input indices) per example, then as compressed rows. */
        private final int[][] events;
        private final int[] eventCount;
        private final int[] presentationOffsets;
        private int[] presentationEvents = new int[0];
        private long overlapVersion = -1;
        /** Spike output only: each example's rates f / max f, the step of them due next (-1: none), presentations sent. */
        private final CounterRng outputRng;
        private final float[] outputRates;
        private final int[] outputOffsets;
        private final int[] outputIndices;
        private int outputStep = -1;
        private long outputs;
        private long examplesSeen;
        private double eps;

        Model(PopulationContext ctx, KrotovLayer p) {
            super(ctx, "krotov-layer", ctx.incoming().get(0).initialWeights(), p.reportEvery(), p.examplesPerEpoch(),
                    p.spikes());
            this.p = p;
            this.rule = kernels.krotov(new KrotovParams(p.p(), p.k(), p.delta(), 1e-30), p.activity());
            this.input = new float[batch * cols];
            this.features = new float[batch * rows];
            this.settled = new float[batch * rows];
            boolean spiking = p.spikes() != null;
            this.accumulation = spiking ? kernels.spikeAccumulation() : null;
            this.overlap = new float[spiking ? rows * cols : 0];
            this.spikeCurrents = new float[spiking ? batch * rows : 0];
            this.events = new int[spiking ? batch : 0][cols];
            this.eventCount = new int[spiking ? batch : 0];
            this.presentationOffsets = new int[batch + 1];
            this.outputRng = ctx.rng();
            this.outputRates = new float[p.spikeOutput() ? batch * rows : 0];
            this.outputOffsets = new int[p.spikeOutput() ? batch + 1 : 0];
            this.outputIndices = new int[p.spikeOutput() ? batch * rows : 0];
        }

        /**
         * Keeps the events of a spike step while learning: the presentation's events go to the
         * accumulation in one call at its end (one call per step cost nearly as much as a whole
         * presentation's), where each adds its input's column to its example's currents.
         */
        @Override
        protected void spikesArrived(SpikeEmission s, int presentationSteps) {
            if (!learning()) {
                return;
            }
            int[] offsets = s.offsets();
            for (int b = 0; b < batch; b++) {
                int n = offsets[b + 1] - offsets[b];
                if (eventCount[b] + n > events[b].length) {
                    events[b] = java.util.Arrays.copyOf(events[b], Math.max(2 * events[b].length, eventCount[b] + n));
                }
                System.arraycopy(s.indices(), offsets[b], events[b], eventCount[b], n);
                eventCount[b] += n;
            }
        }

        @Override
        public void phase(org.lamina.sim.model.Phase phase, boolean begin) {
            super.phase(phase, begin);
            java.util.Arrays.fill(eventCount, 0); // as the counts: a presentation never spans phases
            outputStep = -1;
        }

        @Override
        protected double trainOnSpikes(float[] rates, int[] winners, Emitter out) {
            if (overlapVersion != weightsVersion()) { // the weights changed since the last load
                double q = p.p() - 1;
                // Plain float loops for the usual p = 2 and 3, which the JIT vectorises: metric()
                // on every weight took most of a spike-fed learning step.
                if (q == 1) {
                    System.arraycopy(w, 0, overlap, 0, w.length);
                } else if (q == 2) {
                    for (int i = 0; i < w.length; i++) {
                        overlap[i] = w[i] * Math.abs(w[i]);
                    }
                } else {
                    for (int i = 0; i < w.length; i++) {
                        overlap[i] = (float) metric(w[i]);
                    }
                }
                accumulation.loadWeights(overlap, rows, cols);
                overlapVersion = weightsVersion();
            }
            int total = 0;
            for (int b = 0; b < batch; b++) {
                presentationOffsets[b] = total;
                total += eventCount[b];
            }
            presentationOffsets[batch] = total;
            if (presentationEvents.length < total) {
                presentationEvents = new int[total];
            }
            for (int b = 0; b < batch; b++) {
                System.arraycopy(events[b], 0, presentationEvents, presentationOffsets[b], eventCount[b]);
                eventCount[b] = 0;
            }
            accumulation.write(batch, presentationOffsets, presentationEvents, null, 1f / p.spikes().steps(),
                    spikeCurrents);
            return train(rates, spikeCurrents, winners, out);
        }

        @Override
        public List<StateVariable> state() {
            return p.activity() instanceof KrotovActivity.Dynamics ? List.of(new StateVariable("h", settled)) : List.of();
        }

        @Override
        protected double train(float[] x, int[] winners, Emitter out) {
            return train(x, null, winners, out);
        }

        /** A learning step on {@code x}, from {@code currents} when given (spike input), else computing them. */
        private double train(float[] x, float[] currents, int[] winners, Emitter out) {
            if (p.traceSettling() > 0 && examplesSeen / batch % p.reportEvery() == 0) {
                traceSettling(x, out); // from the weights this minibatch sees, before they change
            }
            int epoch = (int) (examplesSeen / p.examplesPerEpoch());
            eps = p.eps0() * Math.max(0.0, 1.0 - (double) epoch / p.epochs());
            double maxDw = rule.update(w, rows, cols, x, batch, eps, currents);
            rule.lastWinners(winners);
            rule.lastSettled(settled);
            examplesSeen += batch;
            return maxDw;
        }

        @Override
        protected void reportStep(Emitter out) {
            out.metric("eps", eps);
            KrotovRule.SignalStats s = rule.lastStats();
            if (s != null) {
                out.metric("hebbian_units", s.hebbian());
                out.metric("anti_hebbian_units", s.antiHebbian());
                out.metric("active_units", s.active());
                out.metric("ode_top1_agreement", s.top1Agreement());
                out.metric("ode_kth_overlap", s.kthOverlap());
                out.metric("settle_steps", s.settleSteps());
                out.metric("settled", s.settled());
            }
        }

        /**
         * The settling of the first examples of minibatch {@code x}, for the trace: each one's
         * currents {@code (sign(W)|W|^(p-1)) · v}, integrated from 0 over 10 tau by
         * {@link SettleTrajectory} (whether learning uses the exact steady state or the ODE), as
         * the {@value #TRACED_UNITS} units of largest final h.
         */
        private void traceSettling(float[] x, Emitter out) {
            SettleParams settle = ((KrotovActivity.Dynamics) p.activity()).settle();
            int samples = (int) Math.ceil(10 * settle.tau() / settle.dt()) + 1;
            int traced = Math.min(p.traceSettling(), batch);
            float[] currents = new float[rows];
            for (int b = 0; b < traced; b++) {
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    for (int c = 0; c < cols; c++) {
                        double wv = w[r * cols + c];
                        s += metric(wv) * x[b * cols + c];
                    }
                    currents[r] = (float) s;
                }
                float[] path = SettleTrajectory.of(settle, currents, 0, rows, samples);
                int[] top = largest(path, (samples - 1) * rows, rows, Math.min(TRACED_UNITS, rows));
                float[] values = new float[samples * top.length];
                for (int s = 0; s < samples; s++) {
                    for (int u = 0; u < top.length; u++) {
                        values[s * top.length + u] = path[s * rows + top[u]];
                    }
                }
                out.trajectory("h", b, settle.dt(), top, samples, values);
            }
        }

        /** {@code sign(w) |w|^(p-1)}, the weight as the currents use it (by multiplication for integer p). */
        private double metric(double wv) {
            double a = Math.abs(wv);
            double pm1 = p.p() - 1;
            double m = pm1 == 1 ? a : pm1 == 2 ? a * a : Math.pow(a, pm1);
            return wv < 0 ? -m : m;
        }

        /** The {@code n} indices of the largest of {@code v[from, from + count)}, largest first (ties: lower index). */
        private static int[] largest(float[] v, int from, int count, int n) {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(v[from + b], v[from + a]));
            int[] top = new int[n];
            for (int i = 0; i < n; i++) {
                top[i] = order[i];
            }
            return top;
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
            if (!p.spikeOutput()) {
                out.dense(features, rows);
                return;
            }
            for (int b = 0; b < batch; b++) {
                float max = 0;
                for (int u = 0; u < rows; u++) {
                    max = Math.max(max, features[b * rows + u]);
                }
                float scale = max > 0 ? 1 / max : 0;
                for (int u = 0; u < rows; u++) {
                    outputRates[b * rows + u] = features[b * rows + u] * scale;
                }
            }
            outputStep = 0;
            outputs++;
        }

        /** Sends the spike step due now of the last features' spike output, over T steps from its making. */
        @Override
        protected void afterStep(Emitter out) {
            if (outputStep < 0) {
                return;
            }
            int t = outputStep;
            long key = (outputs - 1) * p.spikes().steps() + t;
            int n = 0;
            for (int b = 0; b < batch; b++) {
                outputOffsets[b] = n;
                for (int u = 0; u < rows; u++) {
                    float r = outputRates[b * rows + u];
                    if (r > 0 && outputRng.uniform(key, (long) b * rows + u) < r) {
                        outputIndices[n++] = u;
                    }
                }
            }
            outputOffsets[batch] = n;
            out.spikes(outputOffsets, outputIndices);
            outputStep = t + 1 < p.spikes().steps() ? t + 1 : -1;
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

        /**
         * The anneal's position, the settled state (a state variable), the open presentation's
         * events and the spike output under way. Not eps, which each learning step recomputes
         * from examplesSeen, nor the overlap loaded into the accumulation, derived from the weights.
         */
        @Override
        protected void saveLayer(ModelState out) {
            out.put("examples_seen", examplesSeen);
            if (p.activity() instanceof KrotovActivity.Dynamics) {
                out.put("settled", settled);
            }
            if (p.spikes() != null) {
                int[] offsets = new int[batch + 1];
                for (int b = 0; b < batch; b++) {
                    offsets[b + 1] = offsets[b] + eventCount[b];
                }
                int[] all = new int[offsets[batch]];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(events[b], 0, all, offsets[b], eventCount[b]);
                }
                out.put("event_offsets", offsets);
                out.put("events", all);
            }
            if (p.spikeOutput()) {
                out.put("output_rates", outputRates);
                out.put("output_step", outputStep);
                out.put("outputs", outputs);
            }
        }

        @Override
        protected void restoreLayer(ModelState in) {
            examplesSeen = in.number("examples_seen");
            if (p.activity() instanceof KrotovActivity.Dynamics) {
                in.copyInto("settled", settled);
            }
            if (p.spikes() != null) {
                int[] offsets = new int[batch + 1];
                in.copyInto("event_offsets", offsets);
                int[] all = in.ints("events");
                if (offsets[0] != 0 || offsets[batch] != all.length) {
                    throw new IllegalStateException("model state 'event_offsets' does not fit the " + all.length
                            + " saved events");
                }
                for (int b = 0; b < batch; b++) {
                    int n = offsets[b + 1] - offsets[b];
                    if (n < 0) {
                        throw new IllegalStateException("model state 'event_offsets' is not ascending");
                    }
                    if (events[b].length < n) {
                        events[b] = new int[n];
                    }
                    System.arraycopy(all, offsets[b], events[b], 0, n);
                    eventCount[b] = n;
                }
            }
            if (p.spikeOutput()) {
                in.copyInto("output_rates", outputRates);
                outputStep = (int) in.number("output_step");
                outputs = in.number("outputs");
            }
            // The weights were written behind the rule's and the accumulation's back: both derive again.
            rule.invalidate();
            overlapVersion = -1;
        }

        @Override
        protected void closeRule() {
            try {
                rule.close();
            } finally {
                if (accumulation != null) {
                    accumulation.close();
                }
            }
        }
    }
}
