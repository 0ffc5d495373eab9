/**
 * Numerical kernels with no actors and no simulation concepts: flat row-major {@code float[]}
 * weight matrices (post × pre), batched products, plasticity rules; {@link org.lamina.kernels.Kernels}
 * is the one factory that hands them out for a backend selection.
 */
package org.lamina.kernels;
