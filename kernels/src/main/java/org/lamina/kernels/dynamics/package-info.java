/**
 * Batched lateral-inhibition dynamics as kernels: settling
 * {@code tau dh/dt = I - w_inh sum_{nu != mu} r(h_nu) - h} for every example of a minibatch
 * (reference, Java, OpenCL), and the exact steady state for {@code r = ReLU}.
 */
package org.lamina.kernels.dynamics;
