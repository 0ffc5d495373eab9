package org.lamina.sim.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StepInputs;

/**
 * Reports each phase change it is told of as the metric {@code <phase>.begin|end} at the next
 * step, with {@code +learns} when the phase lets one of its incoming projections learn.
 */
public record PhaseLog() implements ModelDescriptor {
    @Override
    public String name() {
        return "phase-log";
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
        List<String> told = new ArrayList<>();
        return new PopulationModel() {
            @Override
            public void phase(Phase phase, boolean begin) {
                boolean learns = ctx.incoming().stream().anyMatch(in -> phase.learns(in.id()));
                told.add(phase.name() + (begin ? ".begin" : ".end") + (learns ? "+learns" : ""));
            }

            @Override
            public void step(long step, StepInputs inputs, Emitter out) {
                for (String t : told) {
                    out.metric(t, step);
                }
                told.clear();
            }
        };
    }
}
