package org.lamina.neurons.wta;

import java.util.List;
import java.util.SortedMap;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.wiring.IncomingWeights;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;

/**
 * Soft winner-take-all (as in SoftHebb): for the summed input {@code u = W x} of a step with
 * input, {@code y = softmax(tInvert · u)} per example, or the one-hot argmax when {@code hard}.
 * Emits y as dense activity in the step its input arrives, and reports the mean winning
 * probability as the metric {@code max_y}.
 */
public record SoftWta(double tInvert, boolean hard) implements ModelDescriptor {

    /** The soft winner-take-all. */
    public static final ModelType<SoftWta> SOFT_TYPE = type("soft-wta", false,
            "softmax of the summed input over the units of each example (soft winner-take-all)");
    /** The hard winner-take-all. */
    public static final ModelType<SoftWta> HARD_TYPE = type("hard-wta", true,
            "one-hot argmax of the summed input over the units of each example (hard winner-take-all)");

    private static ModelType<SoftWta> type(String name, boolean hard, String summary) {
        return ModelType.of(name, summary, SoftWta.class, List.of(
                        Param.decimal("t-invert", SoftWta::tInvert).byDefault(1.0).positive()
                                .doc("inverse temperature of the softmax"),
                        Param.bool("hard", SoftWta::hard).byDefault(hard).doc("one-hot argmax instead of the softmax")),
                (v, c) -> new SoftWta(v.decimal("t-invert"), v.bool("hard")));
    }

    public SoftWta {
        if (!(tInvert > 0)) {
            throw new IllegalArgumentException("inverse temperature must be > 0, got " + tInvert);
        }
    }

    @Override
    public String name() {
        return hard ? "hard-wta" : "soft-wta";
    }

    @Override
    public SortedMap<String, String> params() {
        return (hard ? HARD_TYPE : SOFT_TYPE).traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of("u", "y");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return new Model(ctx, this);
    }

    /** {@code y = softmax(tInvert · u)} row by row (max-subtracted, so large inputs do not overflow). */
    public static void softmax(float[] u, int batch, int units, float tInvert, float[] y) {
        for (int b = 0; b < batch; b++) {
            int base = b * units;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = base; i < base + units; i++) {
                max = Math.max(max, u[i]);
            }
            double sum = 0;
            for (int i = base; i < base + units; i++) {
                float e = (float) Math.exp(tInvert * (u[i] - max));
                y[i] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int i = base; i < base + units; i++) {
                y[i] *= inv;
            }
        }
    }

    /** One-hot argmax row by row; ties go to the lower index. */
    public static void hardMax(float[] u, int batch, int units, float[] y) {
        java.util.Arrays.fill(y, 0f);
        for (int b = 0; b < batch; b++) {
            int base = b * units;
            int best = base;
            for (int i = base + 1; i < base + units; i++) {
                if (u[i] > u[best]) {
                    best = i;
                }
            }
            y[best] = 1f;
        }
    }

    private static final class Model implements PopulationModel {
        private final SoftWta p;
        private final int batch;
        private final int units;
        private final float[] u;
        private final float[] y;
        private final IncomingWeights incoming;

        Model(PopulationContext ctx, SoftWta p) {
            this.p = p;
            this.batch = ctx.batch();
            this.units = ctx.size();
            this.u = new float[batch * units];
            this.y = new float[batch * units];
            this.incoming = new IncomingWeights(ctx);
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            if (inputs.isEmpty()) {
                return;
            }
            java.util.Arrays.fill(u, 0f);
            for (StepInputs.Arrival a : inputs.arrivals()) {
                incoming.addInput(a.projection(), a.emission(), u);
            }
            if (p.hard()) {
                hardMax(u, batch, units, y);
            } else {
                softmax(u, batch, units, (float) p.tInvert(), y);
            }
            double maxY = 0;
            for (int b = 0; b < batch; b++) {
                float m = 0f;
                for (int i = b * units; i < (b + 1) * units; i++) {
                    m = Math.max(m, y[i]);
                }
                maxY += m;
            }
            out.dense(y, units);
            out.metric("max_y", maxY / batch);
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("u", u), new StateVariable("y", y));
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

        /** u and y, which stay as they are through steps without input; the weights never learn. */
        @Override
        public void save(ModelState out) {
            out.put("u", u);
            out.put("y", y);
        }

        @Override
        public void restore(ModelState in) {
            in.copyInto("u", u);
            in.copyInto("y", y);
        }
    }
}
