/**
 * Numerical kernels with no actors and no simulation concepts: flat row-major {@code float[]}
 * weight matrices (post × pre), batched products, plasticity rules.
 */
package org.lamina.kernels;
