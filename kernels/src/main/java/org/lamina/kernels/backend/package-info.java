/**
 * Kernel backends (reference, Java, OpenCL), OpenCL device discovery, explicit backend selection,
 * and {@link org.lamina.kernels.backend.DeviceKernel}, the one way the OpenCL implementations run
 * a kernel (and refuse a silent fallback to Java threads).
 */
package org.lamina.kernels.backend;
