/** What the unsupervised competitive layers (krotov-layer, softhebb-layer) share: the learn-or-emit step and the reports. */
package org.lamina.neurons.layer;
