/**
 * Plasticity rules on flat row-major weight matrices, one implementation per backend (reference,
 * Java, OpenCL); {@link org.lamina.kernels.Kernels} hands out the one for a backend selection.
 */
package org.lamina.kernels.plasticity;
