/**
 * The population contract (SPI) that {@code neurons} implements: a {@link org.lamina.sim.model.ModelDescriptor}
 * (immutable parameters) creates a {@link org.lamina.sim.model.PopulationModel} (mutable numerics)
 * that integrates steps, emits, learns and exposes named state. No actor types appear here.
 */
package org.lamina.sim.model;
