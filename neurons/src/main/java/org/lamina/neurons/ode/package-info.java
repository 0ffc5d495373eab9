/**
 * ODE integrators behind one interface (Euler, exponential Euler, RK4), allocation-free per
 * step, and the system interfaces they integrate.
 */
package org.lamina.neurons.ode;
