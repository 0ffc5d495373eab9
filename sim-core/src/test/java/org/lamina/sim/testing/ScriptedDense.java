package org.lamina.sim.testing;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;

/**
 * Emits the given dense minibatches ({@code batch × width} each, row-major) one every
 * {@code period} steps, starting at {@code offset}: minibatch k at step {@code offset + k · period};
 * after the last one, nothing (or, with {@code cycle}, the list again). A known dense input or
 * label source for tests.
 */
public record ScriptedDense(int width, int period, int offset, boolean cycle, List<float[]> batches)
        implements ModelDescriptor {

    public ScriptedDense {
        if (width < 1 || period < 1 || offset < 0 || batches.isEmpty()) {
            throw new IllegalArgumentException("width and period must be >= 1, offset >= 0, and batches non-empty");
        }
        batches = List.copyOf(batches);
    }

    public ScriptedDense(int width, int period, List<float[]> batches) {
        this(width, period, 0, false, batches);
    }

    @Override
    public String name() {
        return "scripted-dense";
    }

    @Override
    public SortedMap<String, String> params() {
        return new TreeMap<>(Map.of("width", Integer.toString(width), "period", Integer.toString(period),
                "offset", Integer.toString(offset), "cycle", Boolean.toString(cycle),
                "batches", Integer.toString(batches.size())));
    }

    @Override
    public List<String> stateVariables() {
        return List.of();
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        for (float[] b : batches) {
            if (b.length != ctx.batch() * width) {
                throw new IllegalArgumentException(ctx.name() + ": a scripted minibatch must hold batch * width = "
                        + ctx.batch() * width + " floats, got " + b.length);
            }
        }
        return (step, inputs, out) -> {
            if (step < offset || (step - offset) % period != 0) {
                return;
            }
            long k = (step - offset) / period;
            if (k >= batches.size() && !cycle) {
                return;
            }
            out.dense(batches.get((int) (k % batches.size())), width);
        };
    }
}
