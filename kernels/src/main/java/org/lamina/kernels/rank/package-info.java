/** Per-example ranking (top unit, k-th unit) used by competitive learning rules. */
package org.lamina.kernels.rank;
