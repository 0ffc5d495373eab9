/** Immutable descriptions of a network (populations, projections, seed, dt) and of what to record. */
package org.lamina.sim.spec;
