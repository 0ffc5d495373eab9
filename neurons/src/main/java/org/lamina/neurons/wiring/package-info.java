/**
 * How populations own and apply the weights of their incoming projections, and how models get the
 * run's kernels ({@link org.lamina.neurons.wiring.ModelKernels}).
 */
package org.lamina.neurons.wiring;
