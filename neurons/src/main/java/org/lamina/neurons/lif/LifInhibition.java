package org.lamina.neurons.lif;

import java.util.List;
import java.util.SortedMap;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.ode.ExponentialEuler;
import org.lamina.neurons.ode.Integrator;
import org.lamina.neurons.ode.LinearDecaySystem;
import org.lamina.neurons.ode.ThresholdEvents;
import org.lamina.neurons.wiring.IncomingWeights;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.Emission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;

/**
 * Leaky integrate-and-fire units with lateral inhibition. Between spikes
 * {@code tau dv/dt = -v + I}, integrated exactly over a step (exponential Euler) for the dense
 * input current I held constant during the step. Spikes act as delta synapses: a spike of
 * presynaptic unit j makes v_i jump by {@code W[i][j]}, and each spike of another unit of the
 * population in the previous step makes it jump by {@code -inhibition} (computed as total
 * minus own: O(N) per example). A unit whose v reaches {@code threshold} spikes, resets to 0
 * and stays at 0 for {@code refractorySteps}.
 */
public record LifInhibition(double tauMs, double threshold, double inhibition, int refractorySteps)
        implements ModelDescriptor {

    public static final ModelType<LifInhibition> TYPE = ModelType.of("lif-inhibition",
            "leaky integrate-and-fire units that inhibit each other when they spike", LifInhibition.class, List.of(
                    Param.decimal("tau-ms", LifInhibition::tauMs).byDefault(10.0).duration()
                            .doc("membrane time constant"),
                    Param.decimal("threshold", LifInhibition::threshold).byDefault(1.0).positive()
                            .doc("potential at which a unit spikes, resets to 0 and turns refractory"),
                    Param.decimal("inhibition", LifInhibition::inhibition).byDefault(0.0).atLeast(0)
                            .doc("potential every spike of another unit of the population removes, one step later"),
                    Param.integer("refractory-steps", LifInhibition::refractorySteps).byDefault(2L)
                            .range(0, Integer.MAX_VALUE).unit("steps").doc("steps a unit is held at 0 after a spike")),
            (v, c) -> new LifInhibition(v.decimal("tau-ms"), v.decimal("threshold"), v.decimal("inhibition"),
                    v.intValue("refractory-steps")));

    public LifInhibition {
        if (!(tauMs > 0)) {
            throw new IllegalArgumentException("tau must be > 0 ms, got " + tauMs);
        }
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be > 0, got " + threshold);
        }
        if (inhibition < 0) {
            throw new IllegalArgumentException("inhibition must be >= 0, got " + inhibition);
        }
        if (refractorySteps < 0) {
            throw new IllegalArgumentException("refractory steps must be >= 0, got " + refractorySteps);
        }
    }

    @Override
    public String name() {
        return "lif-inhibition";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of("v", "current", "psp");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return new Model(ctx, this);
    }

    private static final class Model implements PopulationModel {
        private final LifInhibition p;
        private final int batch;
        private final int size;
        private final float dt;
        private final float[] v;
        private final float[] current;
        private final float[] psp;
        /** Spikes where v reaches the threshold; v is then reset and held at 0 while refractory. */
        private final ThresholdEvents events;
        /** Exact over a step for the current held fixed: v = I + (v - I) e^(-dt/tau). */
        private final Integrator integrator;
        private final LinearDecaySystem leak;
        private final int[] spikedLastStep;
        private final int[] ownSpikes;
        private final IncomingWeights incoming;
        private final int[] offsets;
        private final int[] indices;

        Model(PopulationContext ctx, LifInhibition p) {
            this.p = p;
            this.batch = ctx.batch();
            this.size = ctx.size();
            this.dt = (float) ctx.dtMs();
            this.v = new float[batch * size];
            this.current = new float[batch * size];
            this.psp = new float[batch * size];
            this.events = new ThresholdEvents((float) p.threshold(), p.refractorySteps(),
                    ThresholdEvents.Trigger.AT_OR_ABOVE, batch * size);
            this.integrator = new ExponentialEuler(batch * size);
            this.leak = new LinearDecaySystem() {
                @Override
                public float tau() {
                    return (float) p.tauMs();
                }

                @Override
                public void drive(float[] y, float[] out) {
                    System.arraycopy(current, 0, out, 0, out.length);
                }

                @Override
                public int dimension() {
                    return current.length;
                }
            };
            this.spikedLastStep = new int[batch * size];
            this.ownSpikes = new int[batch];
            this.incoming = new IncomingWeights(ctx);
            this.offsets = new int[batch + 1];
            this.indices = new int[batch * size];
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            java.util.Arrays.fill(current, 0f);
            java.util.Arrays.fill(psp, 0f);
            for (StepInputs.Arrival a : inputs.arrivals()) {
                accumulate(a.projection(), a.emission());
            }
            // Lateral inhibition from the population's spikes of the previous step (all but one's own).
            float inh = (float) p.inhibition();
            for (int b = 0; b < batch; b++) {
                for (int k = b * size; k < (b + 1) * size; k++) {
                    psp[k] -= inh * (ownSpikes[b] - spikedLastStep[k]);
                    spikedLastStep[k] = 0;
                }
            }
            integrator.step(leak, v, dt);
            int n = 0;
            for (int b = 0; b < batch; b++) {
                int fired = 0;
                for (int i = 0; i < size; i++) {
                    int k = b * size + i;
                    if (events.refractory(k)) {
                        v[k] = 0f;
                        continue;
                    }
                    v[k] += psp[k]; // delta synapses: jumps on top of the leak
                    if (events.fired(k, v[k], v[k])) {
                        v[k] = 0f;
                        spikedLastStep[k] = 1;
                        indices[n++] = i;
                        fired++;
                    }
                }
                ownSpikes[b] = fired;
                offsets[b + 1] = n;
            }
            out.spikes(offsets, indices);
        }

        /** Dense input is a current held over the step; spikes make v jump (delta synapses). */
        private void accumulate(int projection, Emission e) {
            incoming.addInput(projection, e, e instanceof DenseEmission ? current : psp);
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("v", v), new StateVariable("current", current),
                    new StateVariable("psp", psp));
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
         * v, the refractory timers and last step's spikes (the inhibition they send arrives in the
         * next step). The current and psp are recomputed from scratch every step, the integrator
         * keeps only scratch and a decay it recomputes, and the weights never learn.
         */
        @Override
        public void save(ModelState out) {
            out.put("v", v);
            events.save(out, "refractory");
            out.put("spiked_last_step", spikedLastStep);
            out.put("own_spikes", ownSpikes);
        }

        @Override
        public void restore(ModelState in) {
            in.copyInto("v", v);
            events.restore(in, "refractory");
            in.copyInto("spiked_last_step", spikedLastStep);
            in.copyInto("own_spikes", ownSpikes);
        }
    }
}
