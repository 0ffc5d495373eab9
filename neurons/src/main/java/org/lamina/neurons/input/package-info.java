/** Input and encoder populations: turn stimuli into spikes or currents, seeded and deterministic. */
package org.lamina.neurons.input;
