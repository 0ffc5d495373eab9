/**
 * Supervised networks whose layers are engine populations: hidden layers
 * ({@link org.lamina.neurons.supervised.SupervisedLayer}) and a softmax output
 * ({@link org.lamina.neurons.supervised.SoftmaxOutput}) pass bottom-up activity forward and
 * top-down errors back as dense messages on projections, and learn by backprop, feedback
 * alignment (FA, DFA), sign symmetry or Counter-Hebb ({@link org.lamina.neurons.supervised.SupervisedRule});
 * {@link org.lamina.neurons.supervised.BuTdLayer} adds the task-gated BU–TD multi-task passes.
 * A minibatch is learned from only after its forward and backward passes are complete, so a run
 * is exactly standard minibatch training (docs/supervised.md).
 */
package org.lamina.neurons.supervised;
