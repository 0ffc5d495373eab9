/**
 * The engine on Pekko Typed: a coordinator that grants windows and collects done replies, one
 * actor per population (on the compute dispatcher), a trace recorder (on the I/O dispatcher),
 * and {@link org.lamina.sim.engine.Simulation}, the facade callers outside actors use.
 */
package org.lamina.sim.engine;
