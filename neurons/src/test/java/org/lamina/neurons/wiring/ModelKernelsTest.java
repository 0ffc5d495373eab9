package org.lamina.neurons.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.neurons.wta.SoftWta;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.Services;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/** Models get their kernels from the run's services, and only from there: no silent default backend. */
class ModelKernelsTest {

    private static PopulationContext context(String name, Services services) {
        IncomingProjection in = new IncomingProjection(0, "x", 3, 2, 1, WeightInit.constant(0), Plasticity.NONE,
                CounterRng.stream(1, CounterRng.WEIGHT_INIT, 0));
        return new PopulationContext(1, name, 2, 1, 1.0, CounterRng.stream(1, CounterRng.POPULATION, 1), List.of(in),
                services);
    }

    @Test
    void aRunWithoutKernelsIsAnErrorNotTheJavaBackend() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SoftWta(2.0, false).create(context("wta", Services.none())));
        assertTrue(e.getMessage().startsWith("no kernel backend was given to this run"), e.getMessage());
        assertTrue(e.getMessage().contains("wta"), "names the population: " + e.getMessage());
        // A backend selection alone is not kernels either.
        assertThrows(IllegalStateException.class, () -> ModelKernels.of(context("wta",
                Services.of(BackendSelection.select(BackendRequest.JAVA)))));
    }

    @Test
    void modelsUseTheKernelsTheyAreGiven() {
        Kernels java = Kernels.java();
        assertSame(java, ModelKernels.of(context("wta", Services.of(java))));
        try (PopulationModel m = new SoftWta(2.0, false).create(context("wta", Services.of(java)))) {
            assertEquals(2 * 3, m.weights(0).length);
        }
        try (IncomingWeights w = new IncomingWeights(context("wta", Services.of(java)))) {
            assertEquals(Backend.JAVA, w.backend());
        }
    }

    @Test
    void aPopulationGivenItsOwnKernelsGetsThoseAndTheOthersTheRuns() {
        Kernels run = Kernels.java();
        Kernels own = Kernels.of(new BackendSelection(BackendRequest.JAVA, Backend.REFERENCE, null, "cpu", ""));
        Services services = Services.of(run).withPopulation("special", own);
        assertSame(own, ModelKernels.of(context("special", services.forPopulation("special"))));
        assertSame(run, ModelKernels.of(context("plain", services.forPopulation("plain"))));
        try (IncomingWeights w = new IncomingWeights(context("special", services.forPopulation("special")))) {
            assertEquals(Backend.REFERENCE, w.backend());
        }
    }
}
