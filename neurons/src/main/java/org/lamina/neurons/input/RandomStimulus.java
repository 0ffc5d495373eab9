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
 * Analog input: presents a new random pattern (pixel-like intensities uniform in [0, max)) to
 * every example each {@code stepsPerPresentation} steps, emitted once, as dense currents, at the
 * first step of the presentation. Values depend only on (seed, population, presentation,
 * example, unit).
 */
public record RandomStimulus(int stepsPerPresentation, float max) implements ModelDescriptor {

    public RandomStimulus {
        if (stepsPerPresentation < 1) {
            throw new IllegalArgumentException("steps per presentation must be >= 1, got " + stepsPerPresentation);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("max intensity must be > 0, got " + max);
        }
    }

    @Override
    public String name() {
        return "random-stimulus";
    }

    @Override
    public SortedMap<String, String> params() {
        SortedMap<String, String> p = new TreeMap<>();
        p.put("steps_per_presentation", Integer.toString(stepsPerPresentation));
        p.put("max", Float.toString(max));
        return p;
    }

    @Override
    public List<String> stateVariables() {
        return List.of("intensity");
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        int n = ctx.batch() * ctx.size();
        float[] values = new float[n];
        CounterRng rng = ctx.rng();
        return new PopulationModel() {
            @Override
            public void step(long step, StepInputs inputs, Emitter out) {
                if (step % stepsPerPresentation != 0) {
                    return;
                }
                long presentation = step / stepsPerPresentation;
                for (int i = 0; i < n; i++) {
                    values[i] = max * rng.uniformFloat(presentation, i);
                }
                out.dense(values, ctx.size());
            }

            @Override
            public List<StateVariable> state() {
                return List.of(new StateVariable("intensity", values));
            }
        };
    }
}
