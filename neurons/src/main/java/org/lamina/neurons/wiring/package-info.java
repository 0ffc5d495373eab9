/** How populations own and apply the weights of their incoming projections. */
package org.lamina.neurons.wiring;
