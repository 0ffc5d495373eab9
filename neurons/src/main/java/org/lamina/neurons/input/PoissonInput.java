package org.lamina.neurons.input;

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
 * Poisson spike input: unit i of example b fires in a step with probability {@code rate·dt}.
 * Each example has its own Gaussian bump of rate over the units (centre spread evenly over
 * the examples), on top of a background rate, so examples are distinguishable. Draws come
 * from the population's counter-based stream keyed by (step, example·size + unit).
 *
 * @param backgroundHz rate of every unit
 * @param peakHz       extra rate at the centre of the example's bump
 * @param widthUnits   standard deviation of the bump, in units
 */
public record PoissonInput(double backgroundHz, double peakHz, double widthUnits) implements ModelDescriptor {

    public PoissonInput {
        if (backgroundHz < 0 || peakHz < 0) {
            throw new IllegalArgumentException("rates must be >= 0 Hz, got background " + backgroundHz + ", peak " + peakHz);
        }
        if (!(widthUnits > 0)) {
            throw new IllegalArgumentException("bump width must be > 0 units, got " + widthUnits);
        }
    }

    @Override
    public String name() {
        return "poisson-input";
    }

    @Override
    public SortedMap<String, String> params() {
        SortedMap<String, String> p = new TreeMap<>();
        p.put("background_hz", Double.toString(backgroundHz));
        p.put("peak_hz", Double.toString(peakHz));
        p.put("width_units", Double.toString(widthUnits));
        return p;
    }

    @Override
    public List<String> stateVariables() {
        return List.of("rate_hz");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return new Model(ctx, this);
    }

    /** The per-step probability of each (example, unit), fixed for the run. */
    static float[] spikeProbabilities(PoissonInput p, int batch, int size, double dtMs, float[] ratesOut) {
        float[] prob = new float[batch * size];
        for (int b = 0; b < batch; b++) {
            double centre = (b + 0.5) * size / batch;
            for (int i = 0; i < size; i++) {
                double z = (i - centre) / p.widthUnits();
                double rate = p.backgroundHz() + p.peakHz() * Math.exp(-0.5 * z * z);
                ratesOut[b * size + i] = (float) rate;
                prob[b * size + i] = (float) Math.min(1.0, rate * dtMs / 1000.0);
            }
        }
        return prob;
    }

    private static final class Model implements PopulationModel {
        private final int batch;
        private final int size;
        private final CounterRng rng;
        private final float[] rates;
        private final float[] probability;
        private final int[] offsets;
        private final int[] indices;

        Model(PopulationContext ctx, PoissonInput p) {
            this.batch = ctx.batch();
            this.size = ctx.size();
            this.rng = ctx.rng();
            this.rates = new float[batch * size];
            this.probability = spikeProbabilities(p, batch, size, ctx.dtMs(), rates);
            this.offsets = new int[batch + 1];
            this.indices = new int[batch * size];
        }

        @Override
        public void step(long step, StepInputs inputs, Emitter out) {
            int n = 0;
            for (int b = 0; b < batch; b++) {
                int base = b * size;
                for (int i = 0; i < size; i++) {
                    if (rng.uniformFloat(step, base + i) < probability[base + i]) {
                        indices[n++] = i;
                    }
                }
                offsets[b + 1] = n;
            }
            out.spikes(offsets, indices);
        }

        @Override
        public List<StateVariable> state() {
            return List.of(new StateVariable("rate_hz", rates));
        }
    }
}
