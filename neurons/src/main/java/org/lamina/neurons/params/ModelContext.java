package org.lamina.neurons.params;

import org.lamina.neurons.input.DatasetShape;

/**
 * What a model's defaults may depend on besides its own parameters: the training split a
 * scenario presents (null without a dataset), the run seed and the minibatch size.
 */
public record ModelContext(DatasetShape data, long seed, int batch) {

    /** Outside any scenario: no dataset, seed 1, one example at a time. */
    public static final ModelContext NONE = new ModelContext(null, 1, 1);

    /** Examples one training epoch presents: whole minibatches of the training split (1 without a dataset). */
    public int examplesPerEpoch() {
        return data == null ? 1 : (data.size() + batch - 1) / batch * batch;
    }
}
