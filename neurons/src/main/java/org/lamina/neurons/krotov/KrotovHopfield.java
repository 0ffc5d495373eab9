package org.lamina.neurons.krotov;

import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.lamina.neurons.ode.Integrator;
import org.lamina.neurons.ode.ThresholdEvents;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.wiring.IncomingWeights;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;

/**
 * The Krotov–Hopfield lateral-inhibition population. Input currents are the p-norm overlap
 * {@code I_mu = sum_i sign(W_mu,i) |W_mu,i|^(p-1) v_i} of each incoming projection (p = 2: the
 * dot product). A dense arrival starts a presentation: its current is held until the next one
 * and, if {@code resetOnPresentation}, h restarts from 0. Spike arrivals add their current for
 * the step they arrive in. Each step integrates
 * {@code tau dh/dt = I - w_inh sum_{nu != mu} r(h_nu) - h} once (dt = the engine's step).
 *
 * <p>Per presentation it reports, as trace metrics, when every example has settled
 * ({@code max |dh/dt| < eps}) or when the next presentation starts: per example the settling
 * steps, active units (h > 0), the winner and whether it converged; over the batch their means
 * and the fraction of examples whose ODE winner equals the ranking shortcut's top unit. Output: spikes when h crosses {@code threshold}
 * upward (then {@code refractorySteps} silent), or rate-to-count encoding (each unit fires when
 * its accumulated {@code gain · r(h) · dt} reaches 1), or nothing.
 */
public record KrotovHopfield(double tauMs, double inhibition, double ratePower, String integrator, double eps,
                             double overlapPower, boolean resetOnPresentation, int shortcutK, double delta,
                             Output output, double threshold, int refractorySteps, double countGainPerMs,
                             double hStar)
        implements ModelDescriptor {

    /** How the population turns h into spike-like output. */
    public enum Output { NONE, THRESHOLD, RATE }

    public static final ModelType<KrotovHopfield> TYPE = ModelType.of("krotov-hopfield",
            "units that integrate the Krotov-Hopfield lateral-inhibition ODE to steady state", KrotovHopfield.class,
            List.of(
                    Param.decimal("tau-ms", KrotovHopfield::tauMs).byDefault(10.0).duration()
                            .doc("time constant tau of the dynamics"),
                    Param.decimal("inhibition", KrotovHopfield::inhibition).byDefault(0.8).atLeast(0)
                            .doc("lateral inhibition strength w_inh"),
                    Param.decimal("rate-power", KrotovHopfield::ratePower).byDefault(1.0).range(1, 16)
                            .doc("power n of the rate r(h) = max(h, 0)^n that inhibits the others"),
                    Param.choice("integrator", KrotovHopfield::integrator, List.of("euler", "exponential-euler", "rk4"))
                            .byDefault("euler").doc("how the ODE is stepped"),
                    Param.decimal("eps", KrotovHopfield::eps).byDefault(1e-3).positive().unit("1/ms")
                            .doc("an example has settled when max |dh/dt| < eps"),
                    Param.decimal("overlap-power", KrotovHopfield::overlapPower).byDefault(2.0).range(2, 16)
                            .doc("p of the input current's p-norm overlap (2: the dot product)"),
                    Param.bool("reset-on-presentation", KrotovHopfield::resetOnPresentation).byDefault(true)
                            .doc("h restarts from 0 when a new dense input arrives"),
                    Param.integer("shortcut-k", KrotovHopfield::shortcutK).byDefault(7L).range(2, Integer.MAX_VALUE)
                            .doc("rank k of the ranking shortcut the settled state is compared with"),
                    Param.decimal("delta", KrotovHopfield::delta).byDefault(0.4).atLeast(0)
                            .doc("anti-Hebbian strength Delta of the learning signal g(h)"),
                    Param.choice("output", (KrotovHopfield m) -> m.output().name().toLowerCase(Locale.ROOT),
                            List.of("none", "threshold", "rate")).byDefault("threshold")
                            .doc("spikes when h crosses threshold, rate-coded spike counts, or nothing"),
                    Param.decimal("threshold", KrotovHopfield::threshold).byDefault(1.0)
                            .doc("output = threshold: h at which a unit spikes"),
                    Param.integer("refractory-steps", KrotovHopfield::refractorySteps).byDefault(5L)
                            .range(0, Integer.MAX_VALUE).unit("steps").doc("output = threshold: silent steps after a spike"),
                    Param.decimal("count-gain-per-ms", KrotovHopfield::countGainPerMs).byDefault(0.1).atLeast(0)
                            .unit("1/ms").doc("output = rate: spikes per ms at r(h) = 1"),
                    Param.decimal("h-star", KrotovHopfield::hStar).byDefault(0.5).range(Double.MIN_VALUE, 1)
                            .doc("h* of the learning signal g(h), a fraction of each example's largest h: the sets"
                                    + " compared with the shortcut's")),
            (v, c) -> new KrotovHopfield(v.decimal("tau-ms"), v.decimal("inhibition"), v.decimal("rate-power"),
                    v.text("integrator"), v.decimal("eps"), v.decimal("overlap-power"), v.bool("reset-on-presentation"),
                    v.intValue("shortcut-k"), v.decimal("delta"),
                    Output.valueOf(v.text("output").toUpperCase(Locale.ROOT)), v.decimal("threshold"),
                    v.intValue("refractory-steps"), v.decimal("count-gain-per-ms"), v.decimal("h-star")));

    public KrotovHopfield {
        if (!(tauMs > 0)) {
            throw new IllegalArgumentException("tau must be > 0 ms, got " + tauMs);
        }
        if (!(inhibition >= 0)) {
            throw new IllegalArgumentException("inhibition w_inh must be >= 0, got " + inhibition);
        }
        if (!(ratePower >= 1)) {
            throw new IllegalArgumentException("rate power must be >= 1, got " + ratePower);
        }
        Integrator.named(integrator, 1); // validates the name
        if (!(eps > 0)) {
            throw new IllegalArgumentException("steady-state eps must be > 0, got " + eps);
        }
        if (!(overlapPower >= 2)) {
            throw new IllegalArgumentException("overlap power p must be >= 2, got " + overlapPower);
        }
        if (shortcutK < 2) {
            throw new IllegalArgumentException("shortcut k must be >= 2, got " + shortcutK);
        }
        if (refractorySteps < 0) {
            throw new IllegalArgumentException("refractory steps must be >= 0, got " + refractorySteps);
        }
    }

    /** Defaults: tau 10 ms, w_inh 0.8 (the paper's example), ReLU, Euler, eps 1e-3/ms, p = 2, reset, k = 7. */
    public static KrotovHopfield defaults() {
        return TYPE.defaults(ModelContext.NONE);
    }

    public KrotovHopfield withInhibition(double w) {
        return new KrotovHopfield(tauMs, w, ratePower, integrator, eps, overlapPower, resetOnPresentation, shortcutK,
                delta, output, threshold, refractorySteps, countGainPerMs, hStar);
    }

    public KrotovHopfield withIntegrator(String name) {
        return new KrotovHopfield(tauMs, inhibition, ratePower, name, eps, overlapPower, resetOnPresentation, shortcutK,
                delta, output, threshold, refractorySteps, countGainPerMs, hStar);
    }

    public KrotovHopfield withOutput(Output o) {
        return new KrotovHopfield(tauMs, inhibition, ratePower, integrator, eps, overlapPower, resetOnPresentation,
                shortcutK, delta, o, threshold, refractorySteps, countGainPerMs, hStar);
    }

    @Override
    public String name() {
        return "krotov-hopfield";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of("h", "current");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return new Model(ctx, this);
    }

    /** {@code sign(w) |w|^(p-1)}: the matrix whose dot product with v is the p-norm overlap. */
    static float[] overlapMatrix(float[] w, double p) {
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = p == 2 ? w[i] : (float) (Math.signum(w[i]) * Math.pow(Math.abs(w[i]), p - 1));
        }
        return out;
    }

    private static final class Model implements PopulationModel {
        private final KrotovHopfield p;
        private final int batch;
        private final int units;
        private final float dt;
        private final float[] h;
        private final float[] previous;
        private final float[] held;
        private final float[] current;
        private final InhibitionDynamics dynamics;
        private final Integrator integrator;
        private final IncomingWeights incoming;
        /** Per incoming projection, {@code sign(W)|W|^(p-1)}: the matrix the currents are computed with. */
        private final float[][] overlap;
        private final boolean[] converged;
        private final int[] settleSteps;
        /** Threshold output: upward crossings of {@code threshold}, then refractory steps. */
        private final ThresholdEvents events;
        private final float[] counts;
        private final int[] offsets;
        private final int[] indices;
        private final float[] signals;
        private final int[] top;
        private final int[] kth;
        private final int[] winners;
        private long presentationStart = -1;
        private boolean reported = true;

        Model(PopulationContext ctx, KrotovHopfield p) {
            this.p = p;
            this.batch = ctx.batch();
            this.units = ctx.size();
            this.dt = (float) ctx.dtMs();
            int n = batch * units;
            this.h = new float[n];
            this.previous = new float[n];
            this.held = new float[n];
            this.current = new float[n];
            this.dynamics = new InhibitionDynamics(batch, units, (float) p.tauMs(), (float) p.inhibition(),
                    (float) p.ratePower(), current);
            this.integrator = Integrator.named(p.integrator(), n);
            this.incoming = new IncomingWeights(ctx);
            this.overlap = new float[incoming.count()][];
            for (int k = 0; k < overlap.length; k++) {
                overlap[k] = overlapMatrix(incoming.bySlot(k), p.overlapPower());
            }
            this.converged = new boolean[batch];
            this.settleSteps = new int[batch];
            this.events = new ThresholdEvents((float) p.threshold(), p.refractorySteps(),
                    ThresholdEvents.Trigger.UPWARD_CROSSING, n);
            this.counts = new float[n];
            this.offsets = new int[batch + 1];
            this.indices = new int[n];
            this.signals = new float[n];
            this.top = new int[batch];
            this.kth = new int[batch];
            this.winners = new int[batch];
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            boolean presentation = false;
            for (StepInputs.Arrival a : inputs.arrivals()) {
                if (a.emission() instanceof DenseEmission d) {
                    if (!presentation) {
                        if (!reported) {
                            report(step, out); // the previous presentation ends unsettled
                        }
                        java.util.Arrays.fill(held, 0f);
                        presentation = true;
                    }
                    int k = incoming.slot(a.projection());
                    incoming.addInput(k, overlap[k], d, held);
                }
            }
            if (presentation) {
                startPresentation(step);
            }
            System.arraycopy(held, 0, current, 0, current.length);
            for (StepInputs.Arrival a : inputs.arrivals()) {
                if (a.emission() instanceof SpikeEmission s) {
                    int k = incoming.slot(a.projection());
                    incoming.addInput(k, overlap[k], s, current);
                }
            }
            System.arraycopy(h, 0, previous, 0, h.length);
            integrator.step(dynamics, h, dt);
            trackSettling(step);
            if (!reported && allConverged()) {
                report(step, out);
            }
            emit(out);
        }

        private void startPresentation(long step) {
            presentationStart = step;
            reported = false;
            java.util.Arrays.fill(converged, false);
            if (p.resetOnPresentation()) {
                java.util.Arrays.fill(h, 0f);
                java.util.Arrays.fill(counts, 0f);
            }
        }

        private void trackSettling(long step) {
            if (presentationStart < 0) {
                return;
            }
            for (int b = 0; b < batch; b++) {
                if (converged[b]) {
                    continue;
                }
                float maxChange = 0f;
                for (int i = b * units; i < (b + 1) * units; i++) {
                    maxChange = Math.max(maxChange, Math.abs(h[i] - previous[i]));
                }
                if (maxChange / dt < p.eps()) {
                    converged[b] = true;
                    settleSteps[b] = (int) (step - presentationStart + 1);
                }
            }
        }

        private boolean allConverged() {
            for (boolean c : converged) {
                if (!c) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Per-presentation metrics. Per example: {@code settle_steps} (steps so far if not settled),
         * {@code active_units}, {@code winner} (-1: none active), {@code converged} (1 or 0). Over the
         * batch: {@code mean_settle_steps}, {@code mean_active_units}, {@code converged_fraction},
         * {@code ode_shortcut_agreement}.
         */
        private void report(long step, Emitter out) {
            reported = true;
            double settle = 0;
            double active = 0;
            int done = 0;
            for (int b = 0; b < batch; b++) {
                int steps = converged[b] ? settleSteps[b] : (int) (step - presentationStart + 1);
                int count = 0;
                int winner = -1;
                float best = 0f;
                for (int i = 0; i < units; i++) {
                    float v = h[b * units + i];
                    if (v > 0f) {
                        count++;
                        if (v > best) {
                            best = v;
                            winner = i;
                        }
                    }
                }
                winners[b] = winner;
                out.metric("settle_steps", b, steps);
                out.metric("active_units", b, count);
                out.metric("winner", b, winner);
                out.metric("converged", b, converged[b] ? 1 : 0);
                settle += steps;
                active += count;
                done += converged[b] ? 1 : 0;
            }
            out.metric("mean_settle_steps", settle / batch);
            out.metric("mean_active_units", active / batch);
            out.metric("converged_fraction", (double) done / batch);
            if (units >= p.shortcutK()) {
                LearningSignals.rankingShortcut(held, batch, units, p.shortcutK(), (float) p.delta(), signals, top, kth);
                out.metric("ode_shortcut_agreement", LearningSignals.agreement(winners, top));
                compareSets(out);
            }
        }

        /**
         * The learning signal's sets at the settled state (Hebbian: {@code h >= h* max h};
         * anti-Hebbian: {@code 0 <= h <} that) against the shortcut's: the fraction of examples
         * whose Hebbian set is exactly the top-ranked unit ({@code ode_top1_agreement}) and whose
         * anti-Hebbian set holds the rank-k unit ({@code ode_kth_overlap}), and the mean set sizes.
         */
        private void compareSets(Emitter out) {
            double hebbian = 0;
            double anti = 0;
            int sameTop = 0;
            int kthAnti = 0;
            for (int b = 0; b < batch; b++) {
                int base = b * units;
                if (winners[b] < 0) {
                    continue; // nothing active: no signal
                }
                float threshold = (float) (p.hStar() * h[base + winners[b]]);
                int hebbianHere = 0;
                boolean onlyTop = true;
                for (int i = 0; i < units; i++) {
                    float v = h[base + i];
                    if (v >= threshold) {
                        hebbianHere++;
                        onlyTop &= i == top[b];
                    } else if (v >= 0f) {
                        anti++;
                        kthAnti += i == kth[b] ? 1 : 0;
                    }
                }
                hebbian += hebbianHere;
                sameTop += hebbianHere == 1 && onlyTop ? 1 : 0;
            }
            out.metric("hebbian_units", hebbian / batch);
            out.metric("anti_hebbian_units", anti / batch);
            out.metric("ode_top1_agreement", (double) sameTop / batch);
            out.metric("ode_kth_overlap", (double) kthAnti / batch);
        }

        private void emit(Emitter out) {
            if (p.output() == Output.NONE) {
                return;
            }
            int n = 0;
            float gain = (float) (p.countGainPerMs() * dt);
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < units; i++) {
                    int k = b * units + i;
                    boolean fire;
                    if (p.output() == Output.THRESHOLD) {
                        fire = !events.refractory(k) && events.fired(k, h[k], previous[k]);
                    } else {
                        counts[k] += gain * dynamics.rate(h[k]);
                        fire = counts[k] >= 1f;
                        if (fire) {
                            counts[k] -= 1f;
                        }
                    }
                    if (fire) {
                        indices[n++] = i;
                    }
                }
                offsets[b + 1] = n;
            }
            out.spikes(offsets, indices);
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("h", h), new StateVariable("current", current));
        }

        @Override
        public void close() {
            incoming.close();
        }

        @Override
        public float[] weights(int projectionId) {
            return incoming.of(projectionId);
        }

        @Override
        public boolean checkpointable() {
            return true;
        }

        /**
         * h, the presentation's held current and where its settling stands (start, examples
         * settled and when, whether reported), the refractory timers and the rate counts. The
         * integrators keep no state between steps (scratch, and exponential Euler's decay, which
         * it recomputes), the current and the h before a step are remade every step, and the
         * weights (with their overlap matrices) never learn.
         */
        @Override
        public void save(ModelState out) {
            out.put("h", h);
            out.put("held", held);
            out.put("presentation_start", presentationStart);
            out.put("reported", reported);
            out.put("converged", converged);
            out.put("settle_steps", settleSteps);
            events.save(out, "refractory");
            out.put("counts", counts);
        }

        @Override
        public void restore(ModelState in) {
            in.copyInto("h", h);
            in.copyInto("held", held);
            presentationStart = in.number("presentation_start");
            reported = in.flag("reported");
            in.copyInto("converged", converged);
            in.copyInto("settle_steps", settleSteps);
            events.restore(in, "refractory");
            in.copyInto("counts", counts);
        }
    }
}
