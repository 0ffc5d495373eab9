/**
 * Input currents from spike-coded input, event by event: each spike of input i in example b adds
 * column i of the weights to that example's currents (reference, Java Vector API, OpenCL).
 */
package org.lamina.kernels.spikes;
