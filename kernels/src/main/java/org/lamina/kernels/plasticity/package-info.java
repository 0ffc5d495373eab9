/**
 * Plasticity rules on flat row-major weight matrices, one implementation per backend (reference,
 * Java, OpenCL), chosen by {@code KrotovRule.create} / {@code SoftHebbRule.create} from a backend selection.
 */
package org.lamina.kernels.plasticity;
