/** Benchmarks run by {@code lamina bench}: engine overhead, spike delivery, trace throughput. */
package org.lamina.bench;
