/** Readout classifiers trained on top of (possibly unsupervised) features: softmax regression. */
package org.lamina.scenarios.readout;
