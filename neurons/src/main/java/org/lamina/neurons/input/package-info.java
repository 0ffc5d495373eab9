/**
 * Input and encoder populations: turn stimuli into spikes or currents, seeded and deterministic;
 * {@link org.lamina.neurons.input.DatasetInput} presents labelled examples that the scenario
 * layer loads ({@link org.lamina.neurons.input.Examples}).
 */
package org.lamina.neurons.input;
