package org.lamina.sim.testing;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;

/** Emits, in every example, the given neuron indices at the given steps: a known input. */
public record ScriptedSpikes(Map<Long, int[]> script) implements ModelDescriptor {
    @Override
    public String name() {
        return "scripted-spikes";
    }

    @Override
    public SortedMap<String, String> params() {
        return new TreeMap<>(Map.of("steps", new TreeMap<>(script).keySet().toString()));
    }

    @Override
    public List<String> stateVariables() {
        return List.of();
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        int batch = ctx.batch();
        return (step, inputs, out) -> {
            int[] idx = script.get(step);
            if (idx == null) {
                return;
            }
            int[] offsets = new int[batch + 1];
            int[] all = new int[idx.length * batch];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(idx, 0, all, b * idx.length, idx.length);
                offsets[b + 1] = (b + 1) * idx.length;
            }
            out.spikes(offsets, all);
        };
    }
}
