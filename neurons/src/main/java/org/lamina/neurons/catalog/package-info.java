/** The catalogue of population models a scenario can name: model name → {@link org.lamina.neurons.params.ModelType}. */
package org.lamina.neurons.catalog;
