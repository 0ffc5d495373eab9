package org.lamina.sim.testing;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;

/**
 * A population that keeps its numbers finite until step {@code at}, where one of them stops being
 * a number: its state variable {@code h} (unit 1 of example 0 becomes NaN), the weights of its first
 * incoming projection (row 1, column 2 becomes +Infinity, or the last weight with {@code last}), a
 * metric ({@code loss} = NaN) or its dense emission (value 2 of example 0 is -Infinity). It says its
 * weights changed ({@code weightsVersion}) as {@code versions} says: {@code never}, {@code at} that
 * step, or {@code every} step. Until then it emits a dense row of ones and a metric {@code loss} = 1
 * every step.
 */
public record GoesNonFinite(String what, long at, String versions, boolean last) implements ModelDescriptor {
    public GoesNonFinite(String what, long at, boolean bumpVersion) {
        this(what, at, bumpVersion ? "at" : "never", false);
    }

    @Override
    public String name() {
        return "goes-non-finite";
    }

    @Override
    public SortedMap<String, String> params() {
        return new TreeMap<>(Map.of("what", what, "at", Long.toString(at)));
    }

    @Override
    public List<String> stateVariables() {
        return List.of("h");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        float[] h = new float[ctx.batch() * ctx.size()];
        float[] w = ctx.incoming().isEmpty() ? null : ctx.incoming().get(0).initialWeights();
        int id = ctx.incoming().isEmpty() ? -1 : ctx.incoming().get(0).id();
        float[] ones = new float[ctx.batch() * ctx.size()];
        java.util.Arrays.fill(ones, 1f);
        return new PopulationModel() {
            long version;

            @Override
            public void step(long step, StepInputs inputs, Emitter out) {
                boolean now = step == at;
                if (now && what.equals("state")) {
                    h[1] = Float.NaN;
                }
                if (now && what.equals("weights")) {
                    int cols = w.length / ctx.size();
                    w[last ? w.length - 1 : cols + 2] = Float.POSITIVE_INFINITY;
                }
                version += versions.equals("every") || now && versions.equals("at") ? 1 : 0;
                out.metric("loss", now && what.equals("metric") ? Double.NaN : 1.0);
                float[] row = ones.clone();
                if (now && what.equals("emission")) {
                    row[2] = Float.NEGATIVE_INFINITY;
                }
                out.dense(row, ctx.size());
            }

            @Override
            public List<StateVariable> state() {
                return List.of(new StateVariable("h", h));
            }

            @Override
            public float[] weights(int projectionId) {
                return projectionId == id ? w : null;
            }

            @Override
            public long weightsVersion() {
                return version;
            }
        };
    }
}
