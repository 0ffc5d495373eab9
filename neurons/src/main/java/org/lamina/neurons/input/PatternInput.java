package org.lamina.neurons.input;

import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.rng.CounterRng;

/**
 * Presents a new random pattern (pixel-like intensities uniform in [0, 1)) to every example
 * each {@code stepsPerPresentation} steps, encoded as
 * <ul>
 *   <li>{@code ANALOG}: the intensities as dense currents, emitted once at the first step of the
 *       presentation (scaled by {@code scale});</li>
 *   <li>{@code POISSON}: spikes with probability {@code intensity · scale · dt} per step (scale in Hz);</li>
 *   <li>{@code REGULAR}: spikes at the regular rate {@code intensity · scale} Hz, from a phase
 *       accumulator that restarts with each presentation.</li>
 * </ul>
 * Patterns and Poisson draws come from the population's counter-based stream, keyed by
 * (presentation or step, example · size + unit), so they depend only on the seed.
 */
public record PatternInput(Coding coding, int stepsPerPresentation, double scale) implements ModelDescriptor {

    public enum Coding { ANALOG, POISSON, REGULAR }

    public static final ModelType<PatternInput> TYPE = ModelType.of("pattern-input",
            "presents random patterns (intensities uniform in [0, 1)) as currents or as Poisson or regular spikes", PatternInput.class,
            List.of(
                    Param.choice("coding", (PatternInput m) -> m.coding().name().toLowerCase(Locale.ROOT),
                            List.of("analog", "poisson", "regular")).byDefault("analog")
                            .doc("analog currents, or spikes at a rate proportional to the pattern"),
                    Param.integer("steps-per-presentation", PatternInput::stepsPerPresentation)
                            .range(1, Integer.MAX_VALUE).unit("steps").doc("how long each pattern is shown"),
                    Param.decimal("scale", PatternInput::scale).byDefault(1.0).positive()
                            .doc("analog: current at intensity 1; poisson/regular: rate in Hz at intensity 1")),
            (v, c) -> new PatternInput(Coding.valueOf(v.text("coding").toUpperCase(Locale.ROOT)),
                    v.intValue("steps-per-presentation"), v.decimal("scale")));

    /** Stream step offset that keeps the Poisson draws apart from the pattern draws. */
    private static final long SPIKE_DRAWS = 1L << 40;

    public PatternInput {
        if (coding == null) {
            throw new IllegalArgumentException("coding is required (analog, poisson or regular)");
        }
        if (stepsPerPresentation < 1) {
            throw new IllegalArgumentException("steps per presentation must be >= 1, got " + stepsPerPresentation);
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
    }

    public static PatternInput analog(int stepsPerPresentation) {
        return new PatternInput(Coding.ANALOG, stepsPerPresentation, 1.0);
    }

    @Override
    public String name() {
        return "pattern-input";
    }

    @Override
    public SortedMap<String, String> params() {
        return TYPE.traceParams(this);
    }

    @Override
    public List<String> stateVariables() {
        return List.of("intensity");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return new Model(ctx, this);
    }

    private static final class Model implements PopulationModel {
        private final PatternInput p;
        private final int batch;
        private final int size;
        private final double dtSeconds;
        private final CounterRng rng;
        private final float[] intensity;
        private final double[] phase;
        private final float[] dense;
        private final int[] offsets;
        private final int[] indices;

        Model(PopulationContext ctx, PatternInput p) {
            this.p = p;
            this.batch = ctx.batch();
            this.size = ctx.size();
            this.dtSeconds = ctx.dtMs() / 1000.0;
            this.rng = ctx.rng();
            this.intensity = new float[batch * size];
            this.phase = new double[batch * size];
            this.dense = new float[batch * size];
            this.offsets = new int[batch + 1];
            this.indices = new int[batch * size];
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            boolean start = step % p.stepsPerPresentation() == 0;
            if (start) {
                long presentation = step / p.stepsPerPresentation();
                for (int i = 0; i < intensity.length; i++) {
                    intensity[i] = rng.uniformFloat(presentation, i);
                }
                java.util.Arrays.fill(phase, 0.0);
            }
            switch (p.coding()) {
                case ANALOG -> {
                    if (start) {
                        for (int i = 0; i < dense.length; i++) {
                            dense[i] = (float) (intensity[i] * p.scale());
                        }
                        out.dense(dense, size);
                    }
                }
                case POISSON -> {
                    int n = 0;
                    for (int b = 0; b < batch; b++) {
                        for (int i = 0; i < size; i++) {
                            int k = b * size + i;
                            double prob = intensity[k] * p.scale() * dtSeconds;
                            if (rng.uniform(SPIKE_DRAWS + step, k) < prob) {
                                indices[n++] = i;
                            }
                        }
                        offsets[b + 1] = n;
                    }
                    out.spikes(offsets, indices);
                }
                case REGULAR -> {
                    int n = 0;
                    for (int b = 0; b < batch; b++) {
                        for (int i = 0; i < size; i++) {
                            int k = b * size + i;
                            phase[k] += intensity[k] * p.scale() * dtSeconds;
                            if (phase[k] >= 1.0) {
                                phase[k] -= 1.0;
                                indices[n++] = i;
                            }
                        }
                        offsets[b + 1] = n;
                    }
                    out.spikes(offsets, indices);
                }
            }
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("intensity", intensity));
        }

        @Override
        public boolean checkpointable() {
            return true;
        }

        /**
         * The pattern shown (drawn only at a presentation's first step, and a checkpoint may fall
         * inside one) and the regular coding's phase accumulators; Poisson draws are keyed by step.
         */
        @Override
        public void save(ModelState out) {
            out.put("intensity", intensity);
            out.put("phase", phase);
        }

        @Override
        public void restore(ModelState in) {
            in.copyInto("intensity", intensity);
            in.copyInto("phase", phase);
        }
    }
}
