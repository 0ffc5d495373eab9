/** Seeding: counter-based random streams keyed by (seed, domain, stream id), scheduling-independent. */
package org.lamina.sim.rng;
