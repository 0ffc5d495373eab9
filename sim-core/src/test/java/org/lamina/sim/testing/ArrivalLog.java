package org.lamina.sim.testing;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StepInputs;

/**
 * Reports every arrival as a trace metric {@code arrival.p<projection>} at the arrival step,
 * whose value is the step the source emitted at: tests read delivery timing from the trace
 * (and {@code arrival.p<projection>.events} for spikes, {@code .channel} for dense activity).
 */
public record ArrivalLog() implements ModelDescriptor {
    @Override
    public String name() {
        return "arrival-log";
    }

    @Override
    public SortedMap<String, String> params() {
        return new TreeMap<>();
    }

    @Override
    public List<String> stateVariables() {
        return List.of();
    }

    @Override
    public PopulationModel create(PopulationContext ctx) {
        return (step, inputs, out) -> {
            for (StepInputs.Arrival a : inputs.arrivals()) {
                out.metric("arrival.p" + a.projection(), a.emission().step());
                if (a.emission() instanceof SpikeEmission s) {
                    out.metric("arrival.p" + a.projection() + ".events", s.events());
                } else if (a.emission() instanceof DenseEmission d) {
                    out.metric("arrival.p" + a.projection() + ".channel", d.channel());
                }
            }
        };
    }
}
