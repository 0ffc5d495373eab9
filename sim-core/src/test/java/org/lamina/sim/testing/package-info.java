/** Test models and helpers shared by the modules' tests (published as sim-core's test-jar). */
package org.lamina.sim.testing;
