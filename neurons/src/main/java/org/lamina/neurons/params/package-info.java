/**
 * Declared model parameters: each model declares its parameters once ({@link
 * org.lamina.neurons.params.Param}: key, type, default, range, unit, meaning) in a {@link
 * org.lamina.neurons.params.ModelType}; reading scenario files, trace headers, writing scenario
 * files back and the reference in docs/scenarios.md all derive from these declarations.
 */
package org.lamina.neurons.params;
