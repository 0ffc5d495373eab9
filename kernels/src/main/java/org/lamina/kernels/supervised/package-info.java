/**
 * Supervised learning on flat row-major weights (post × pre) and batch-major activities
 * (batch × n): gates and activation derivatives, error propagation (backprop, feedback
 * alignment, sign symmetry, direct feedback alignment), the Counter-Hebb update, the softmax
 * readout, softmax cross-entropy against one-hot targets with padding rows
 * ({@link org.lamina.kernels.supervised.CrossEntropy}), a plain SGD step and Adam. Each numeric
 * kernel has a double-precision reference (the specification), a fast Java implementation whose
 * results do not depend on the thread count, and an Aparapi OpenCL implementation;
 * {@link org.lamina.kernels.Kernels} hands out the one for a backend selection.
 */
package org.lamina.kernels.supervised;
