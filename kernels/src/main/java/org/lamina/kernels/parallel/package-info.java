/** Multi-threaded loops for the Java backend, deterministic when tasks write disjoint outputs. */
package org.lamina.kernels.parallel;
