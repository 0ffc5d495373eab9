/** Winner-take-all populations: soft (softmax with temperature, as SoftHebb) and hard (argmax). */
package org.lamina.neurons.wta;
