package org.lamina.sim.model;

import java.util.List;
import org.lamina.sim.rng.CounterRng;

/**
 * What a model is told when it is created: who it is, its shape, the step size, its own
 * random stream and its incoming projections (whose weights it owns).
 */
public record PopulationContext(int id, String name, int size, int batch, double dtMs,
                                CounterRng rng, List<IncomingProjection> incoming) {
    public PopulationContext {
        incoming = List.copyOf(incoming);
    }
}
