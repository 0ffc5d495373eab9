package org.lamina.sim.engine;

import java.util.ArrayList;
import java.util.List;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.Services;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;

/** A network and its recording resolved to ids: what each population actor is told at creation. */
record Plan(List<PopulationActor.Setup> populations, List<Link> links, int windowSteps) {

    record Link(int projection, int source, int target) {
    }

    static Plan of(NetworkSpec network, RecordingSpec recording, Services runServices) {
        recording.validateAgainst(network);
        Services services = runServices == null ? Services.none() : runServices;
        for (String name : services.populationsWithOwnServices()) {
            if (network.populations().stream().noneMatch(pop -> pop.name().equals(name))) {
                throw new IllegalArgumentException("services were given to population " + name + ", which the network"
                        + " does not have; populations: " + network.populations().stream().map(PopulationSpec::name).toList());
            }
        }
        List<Link> links = new ArrayList<>();
        for (int j = 0; j < network.projections().size(); j++) {
            ProjectionSpec p = network.projections().get(j);
            links.add(new Link(j, network.populationId(p.source()), network.populationId(p.target())));
        }
        List<PopulationActor.Setup> setups = new ArrayList<>();
        for (int id = 0; id < network.populations().size(); id++) {
            PopulationSpec pop = network.populations().get(id);
            List<Integer> in = network.incoming(id);
            List<IncomingProjection> incoming = new ArrayList<>();
            int[] ids = new int[in.size()];
            int[] delays = new int[in.size()];
            for (int k = 0; k < in.size(); k++) {
                int j = in.get(k);
                ProjectionSpec p = network.projections().get(j);
                PopulationSpec src = network.populations().get(network.populationId(p.source()));
                incoming.add(new IncomingProjection(j, src.name(), src.size(), pop.size(), p.delaySteps(), p.init(),
                        p.plasticity(), CounterRng.stream(network.seed(), CounterRng.WEIGHT_INIT, j)));
                ids[k] = j;
                delays[k] = p.delaySteps();
            }
            PopulationContext ctx = new PopulationContext(id, pop.name(), pop.size(), pop.batch(), network.dtMs(),
                    CounterRng.stream(network.seed(), CounterRng.POPULATION, id), incoming,
                    services.forPopulation(pop.name()));
            List<PopulationActor.StateProbe> state = new ArrayList<>();
            for (RecordingSpec.StateProbe s : recording.state()) {
                if (s.population().equals(pop.name())) {
                    state.add(new PopulationActor.StateProbe(s.variable(), s.units(), s.everySteps()));
                }
            }
            List<PopulationActor.WeightProbe> weights = new ArrayList<>();
            for (RecordingSpec.WeightProbe w : recording.weights()) {
                if (w.target().equals(pop.name())) {
                    for (int j : in) {
                        if (network.projections().get(j).source().equals(w.source())) {
                            weights.add(new PopulationActor.WeightProbe(j, w.everySteps()));
                        }
                    }
                }
            }
            setups.add(new PopulationActor.Setup(id, pop.name(), pop.batch(), ctx, pop.model(), ids, delays,
                    recording.spikes().contains(pop.name()), state, weights, null));
        }
        return new Plan(setups, links, network.windowSteps());
    }
}
