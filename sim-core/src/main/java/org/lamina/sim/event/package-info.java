/**
 * The in-process messages that cross between populations: emissions (spikes in compressed
 * rows, dense activity) and the per-window, per-projection delivery that carries them.
 * Immutable records; {@code org.lamina.sim.codec} maps them to the proto schemas.
 */
package org.lamina.sim.event;
