package org.lamina.bench;

import java.util.ArrayList;
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
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.WeightInit;

/**
 * Engine benchmark network: P populations in a ring (p → p+1, delay 1, so one step per
 * window). Each population fires {@code spikesPerExample} fixed neurons per example per step
 * (0 = emits nothing: pure coordination cost) and consumes what arrives by summing the
 * indices into a state variable, so deliveries cannot be optimised away.
 */
public final class SpikeRing {
    private SpikeRing() {
    }

    public static NetworkSpec network(int populations, int size, int batch, int spikesPerExample) {
        List<PopulationSpec> pops = new ArrayList<>();
        List<ProjectionSpec> projections = new ArrayList<>();
        for (int p = 0; p < populations; p++) {
            pops.add(new PopulationSpec("p" + p, size, batch, new Model(spikesPerExample)));
            projections.add(new ProjectionSpec("p" + p, "p" + ((p + 1) % populations), 1, WeightInit.constant(0)));
        }
        return new NetworkSpec(pops, projections, 1.0, 1);
    }

    /** Fires a fixed set of neurons every step and checksums its inputs. */
    public record Model(int spikesPerExample) implements ModelDescriptor {
        @Override
        public String name() {
            return "bench-spike-ring";
        }

        @Override
        public SortedMap<String, String> params() {
            return new TreeMap<>(Map.of("spikes_per_example", Integer.toString(spikesPerExample)));
        }

        @Override
        public List<String> stateVariables() {
            return List.of("checksum");
        }

        @Override
        public PopulationModel create(PopulationContext ctx) {
            int batch = ctx.batch();
            int k = Math.min(spikesPerExample, ctx.size());
            int[] offsets = new int[batch + 1];
            int[] indices = new int[batch * k];
            int stride = Math.max(1, ctx.size() / Math.max(1, k));
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < k; i++) {
                    indices[b * k + i] = i * stride;
                }
                offsets[b + 1] = (b + 1) * k;
            }
            float[] checksum = new float[batch * ctx.size()];
            return new PopulationModel() {
                @Override
                public void step(long step, StepInputs inputs, Emitter out) {
                    for (StepInputs.Arrival a : inputs.arrivals()) {
                        SpikeEmission s = (SpikeEmission) a.emission();
                        long sum = 0;
                        for (int idx : s.indices()) {
                            sum += idx;
                        }
                        checksum[0] += sum;
                    }
                    if (k > 0) {
                        out.spikes(offsets, indices);
                    }
                }

                @Override
                public List<StateVariable> state() {
                    return List.of(new StateVariable("checksum", checksum));
                }
            };
        }
    }
}
