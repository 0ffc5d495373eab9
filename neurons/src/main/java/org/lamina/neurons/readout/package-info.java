/** Readout classifiers trained on top of (possibly unsupervised) features: softmax regression as a population. */
package org.lamina.neurons.readout;
