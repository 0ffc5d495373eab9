/**
 * Traces: in-process frames, sinks (file, memory, none), the streaming length-delimited writer
 * and the reader that recovers every complete record of a truncated file.
 */
package org.lamina.sim.trace;
