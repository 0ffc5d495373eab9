package org.lamina.sim.testing;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;

/**
 * A leaky unit driven by noise from its own random stream and by weighted input spikes,
 * summed in float in arrival order: any scheduling dependence of input order or draws would
 * change its trace. Fires when {@code x > 1}.
 */
public record NoisyIntegrator(double noise) implements ModelDescriptor {
    @Override
    public String name() {
        return "noisy-integrator";
    }

    @Override
    public SortedMap<String, String> params() {
        return new TreeMap<>(Map.of("noise", Double.toString(noise)));
    }

    @Override
    public List<String> stateVariables() {
        return List.of("x");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        int batch = ctx.batch();
        int size = ctx.size();
        float[] x = new float[batch * size];
        float[][] w = new float[ctx.incoming().size()][];
        int[] pre = new int[w.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = ctx.incoming().get(k).initialWeights();
            pre[k] = ctx.incoming().get(k).sourceSize();
        }
        CounterRng rng = ctx.rng();
        int[] offsets = new int[batch + 1];
        int[] indices = new int[batch * size];
        return new PopulationModel() {
            @Override
            public void step(long step, StepInputs inputs, Emitter out) {
                for (StepInputs.Arrival a : inputs.arrivals()) {
                    int k = ctx.incoming().indexOf(ctx.incoming().stream()
                            .filter(p -> p.id() == a.projection()).findFirst().orElseThrow());
                    SpikeEmission s = (SpikeEmission) a.emission();
                    for (int b = 0; b < batch; b++) {
                        for (int q = s.offsets()[b]; q < s.offsets()[b + 1]; q++) {
                            for (int i = 0; i < size; i++) {
                                x[b * size + i] += w[k][i * pre[k] + s.indices()[q]];
                            }
                        }
                    }
                }
                int n = 0;
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < size; i++) {
                        int j = b * size + i;
                        x[j] = 0.9f * x[j] + (float) (noise * rng.normal(step, j));
                        if (x[j] > 1f) {
                            x[j] = 0f;
                            indices[n++] = i;
                        }
                    }
                    offsets[b + 1] = n;
                }
                out.spikes(offsets, indices);
                out.metric("spikes", n);
            }

            @Override
            public List<StateVariable> state() {
                return List.of(new StateVariable("x", x));
            }

            @Override
            public boolean checkpointable() {
                return true;
            }

            @Override
            public void save(org.lamina.sim.model.ModelState out) {
                out.put("x", x); // the weights never change and the noise is keyed by step
            }

            @Override
            public void restore(org.lamina.sim.model.ModelState in) {
                in.copyInto("x", x);
            }

            @Override
            public float[] weights(int projectionId) {
                for (int k = 0; k < w.length; k++) {
                    if (ctx.incoming().get(k).id() == projectionId) {
                        return w[k];
                    }
                }
                return null;
            }
        };
    }
}
