package org.lamina.sim.engine;

/** A run ended in failure: which population, at which step, and why. The trace has a FAILED footer. */
public final class SimulationFailedException extends RuntimeException {
    private final String population;
    private final long step;

    SimulationFailedException(Coordinator.Failed f) {
        super(f.diagnostic());
        this.population = f.population();
        this.step = f.step();
    }

    /** Name of the failed population, or empty when the failure was not a population's. */
    public String population() {
        return population;
    }

    /** Step at which it failed (-1 while the population was being created, or when no step applies). */
    public long step() {
        return step;
    }
}
