package org.lamina.sim.model;

import java.util.List;
import org.lamina.sim.rng.CounterRng;

/**
 * What a model is told when it is created: who it is, its shape, the step size, its own
 * random stream, its incoming projections (whose weights it owns) and the run's services.
 */
public record PopulationContext(int id, String name, int size, int batch, double dtMs,
                                CounterRng rng, List<IncomingProjection> incoming, Services services) {
    public PopulationContext {
        incoming = List.copyOf(incoming);
        services = services == null ? Services.none() : services;
    }

    public PopulationContext(int id, String name, int size, int batch, double dtMs, CounterRng rng,
                             List<IncomingProjection> incoming) {
        this(id, name, size, batch, dtMs, rng, incoming, Services.none());
    }
}
