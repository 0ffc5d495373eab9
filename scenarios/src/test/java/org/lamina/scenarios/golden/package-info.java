/**
 * Golden traces: each example family run short through {@code lamina run} and compared, record
 * by record, with a committed trace ({@code src/test/resources/golden}); spikes and counts
 * exactly, continuous values within a documented tolerance. The files are rewritten only by
 * {@link org.lamina.scenarios.golden.GoldenTraces}, never by a test (docs/testing.md).
 */
package org.lamina.scenarios.golden;
