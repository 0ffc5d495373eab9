package org.lamina.sim.testing;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;

/** Emits a spike every step until {@code failStep}, where it throws; {@code failStep < 0}: fails on creation. */
public record FailAtStep(long failStep) implements ModelDescriptor {
    @Override
    public String name() {
        return "fail-at-step";
    }

    @Override
    public SortedMap<String, String> params() {
        return new TreeMap<>(Map.of("fail_step", Long.toString(failStep)));
    }

    @Override
    public List<String> stateVariables() {
        return List.of();
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        if (failStep < 0) {
            throw new IllegalArgumentException("refusing to start (test)");
        }
        int[] offsets = new int[ctx.batch() + 1];
        int[] indices = new int[ctx.batch()];
        for (int b = 0; b < ctx.batch(); b++) {
            offsets[b + 1] = b + 1;
        }
        return (step, inputs, out) -> {
            if (step == failStep) {
                throw new ArithmeticException("diverged: h = NaN (test)");
            }
            out.spikes(offsets, indices);
        };
    }
}
