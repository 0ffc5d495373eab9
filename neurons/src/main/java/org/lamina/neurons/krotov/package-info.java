/** Krotov–Hopfield lateral inhibition: the ODE, settling to steady state, and the learning signals. */
package org.lamina.neurons.krotov;
