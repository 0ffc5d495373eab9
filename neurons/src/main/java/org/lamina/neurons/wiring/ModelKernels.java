package org.lamina.neurons.wiring;

import org.lamina.kernels.Kernels;
import org.lamina.sim.model.PopulationContext;

/**
 * How a model gets its kernels: the {@link Kernels} factory among its context's services, which
 * whoever starts the run registers once (the run's backend, or the population's own where it
 * overrides it). There is no default: a run started without kernels is an error, never a silent
 * choice of the Java backend.
 */
public final class ModelKernels {
    private ModelKernels() {
    }

    /** The kernel factory of population {@code ctx}; throws if the run was given none. */
    public static Kernels of(PopulationContext ctx) {
        return ctx.services().find(Kernels.class).orElseThrow(() -> new IllegalStateException(
                "no kernel backend was given to this run; population " + ctx.name() + " needs kernels: start the"
                        + " simulation with Services.of(Kernels.of(selection)) (Kernels.java() for the Java backend)"));
    }
}
