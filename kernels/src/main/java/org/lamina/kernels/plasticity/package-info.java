/** Plasticity rules on flat row-major weight matrices, one implementation per backend. */
package org.lamina.kernels.plasticity;
