/**
 * Datasets as the rest of Lamina sees them: {@link org.lamina.scenarios.data.Dataset} (images as
 * one row-major {@code float[]}, labels), the IDX reader for MNIST and Fashion-MNIST, the seeded
 * synthetic bars, normalisations, and where the files live ({@link org.lamina.scenarios.data.DataFolder}).
 */
package org.lamina.scenarios.data;
