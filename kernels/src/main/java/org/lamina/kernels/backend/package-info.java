/** Kernel backends (reference, Java, OpenCL), OpenCL device discovery, and explicit backend selection. */
package org.lamina.kernels.backend;
