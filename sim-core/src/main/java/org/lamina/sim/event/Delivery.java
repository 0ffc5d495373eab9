package org.lamina.sim.event;

import java.util.List;

/**
 * Everything a source population emitted during one window, for one projection: exactly one
 * per projection per window (possibly empty). It covers every emission of steps before
 * {@code endStep}, so the target knows when its input is complete. Emissions are in step order.
 */
public record Delivery(int projection, long window, long endStep, List<Emission> emissions) {
    public Delivery {
        emissions = List.copyOf(emissions);
    }
}
