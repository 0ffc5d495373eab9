/** Batched matrix products (input currents) per backend: reference, Java Vector API, OpenCL. */
package org.lamina.kernels.product;
