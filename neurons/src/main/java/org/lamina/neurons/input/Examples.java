package org.lamina.neurons.input;

/**
 * Labelled images that a {@link DatasetInput} presents, read-only and safe to share between
 * actors: implemented by whoever loads datasets (the scenario layer). Images are copied out,
 * never handed over.
 */
public interface Examples {
    /** The split's shape: how many examples, image size, classes and tasks. */
    DatasetShape shape();

    /** Copies the pixels of one example (row-major, {@code shape().pixels()} values) into {@code dst} at {@code offset}. */
    void copyImage(int example, float[] dst, int offset);

    /** The class of an example, in {@code [0, shape().classes())}. */
    int label(int example);

    /** The task of an example, in {@code [0, shape().taskNames().size())}; only for multi-task data. */
    int task(int example);
}
