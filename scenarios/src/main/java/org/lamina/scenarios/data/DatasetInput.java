package org.lamina.scenarios.data;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;

/**
 * An input population that presents a dataset's images as analog currents: every
 * {@code stepsPerPresentation} steps the next {@code batch} examples are emitted once as dense
 * activity, and each example's label is written to the trace as the metric {@code label}.
 * Examples go in order or, with {@code shuffle}, in a fresh permutation each pass over the data,
 * drawn from the population's counter-based stream (so it depends only on the seed).
 */
public record DatasetInput(Dataset data, int stepsPerPresentation, boolean shuffle) implements ModelDescriptor {

    public DatasetInput {
        if (stepsPerPresentation < 1) {
            throw new IllegalArgumentException("steps per presentation must be >= 1, got " + stepsPerPresentation);
        }
    }

    @Override
    public String name() {
        return "dataset-input";
    }

    @Override
    public SortedMap<String, String> params() {
        SortedMap<String, String> p = new TreeMap<>();
        p.put("steps_per_presentation", Integer.toString(stepsPerPresentation));
        p.put("shuffle", Boolean.toString(shuffle));
        return p;
    }

    @Override
    public List<String> stateVariables() {
        return List.of("image");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        if (ctx.size() != data.pixels()) {
            throw new IllegalArgumentException("population " + ctx.name() + " has " + ctx.size() + " units but "
                    + data.name() + " images have " + data.pixels() + " pixels");
        }
        int batch = ctx.batch();
        int n = data.size();
        CounterRng rng = ctx.rng();
        float[] images = new float[batch * data.pixels()];
        int[] picked = new int[batch];
        int[] order = new int[n];
        long[] pass = {-1};
        return new PopulationModel() {
            @Override
            public void step(long step, StepInputs inputs, Emitter out) {
                if (step % stepsPerPresentation != 0) {
                    return;
                }
                long first = step / stepsPerPresentation * batch;
                for (int b = 0; b < batch; b++) {
                    long k = first + b;
                    long p = k / n;
                    if (p != pass[0]) {
                        permutation(p);
                        pass[0] = p;
                    }
                    picked[b] = order[(int) (k % n)];
                }
                data.copyBatch(picked, images);
                out.dense(images, data.pixels());
                for (int b = 0; b < batch; b++) {
                    out.metric("label", b, data.label(picked[b]));
                }
            }

            private void permutation(long p) {
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                if (!shuffle) {
                    return;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = (int) (rng.uniform(p, i) * (i + 1));
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }

            @Override
            public List<StateVariable> state() {
                return List.of(new StateVariable("image", images));
            }
        };
    }

    /** Equal when presenting the same dataset split and size the same way (the pixels come from the same source). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetInput d && d.data.name().equals(data.name()) && d.data.split() == data.split()
                && d.data.size() == data.size() && d.stepsPerPresentation == stepsPerPresentation && d.shuffle == shuffle;
    }

    @Override
    public int hashCode() {
        return data.name().hashCode() * 31 + data.size() * 7 + stepsPerPresentation;
    }
}
