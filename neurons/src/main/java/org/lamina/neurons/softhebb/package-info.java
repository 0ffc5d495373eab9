/**
 * SoftHebb: a hidden layer that learns with the SoftHebb kernel rule (soft, hard-WTA or
 * anti-Hebbian competition, radius-dependent rate, optional bias) during a named phase and emits
 * readout features (softmax, ReLU or linear) outside it.
 */
package org.lamina.neurons.softhebb;
