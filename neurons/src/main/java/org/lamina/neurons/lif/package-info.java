/** Leaky integrate-and-fire populations with lateral inhibition. */
package org.lamina.neurons.lif;
