package org.lamina.neurons.params;

import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.layer.SpikePresentation;

/**
 * What a model's defaults may depend on besides its own parameters: the training split a
 * scenario presents (null without a dataset), the run seed, the minibatch size, and how the
 * scenario's spike-coded images arrive (null when none is spike-coded).
 */
public record ModelContext(DatasetShape data, long seed, int batch, SpikePresentation spikes) {

    /** Outside any scenario: no dataset, seed 1, one example at a time. */
    public static final ModelContext NONE = new ModelContext(null, 1, 1);

    /** A scenario without spike-coded images. */
    public ModelContext(DatasetShape data, long seed, int batch) {
        this(data, seed, batch, null);
    }

    /** Examples one training epoch presents: whole minibatches of the training split (1 without a dataset). */
    public int examplesPerEpoch() {
        return data == null ? 1 : (data.size() + batch - 1) / batch * batch;
    }
}
