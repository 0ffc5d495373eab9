package org.lamina.neurons.input;

/** Examples held in arrays, as a dataset loader would give them (tests). */
public record ArrayExamples(DatasetShape shape, float[] images, int[] labels, int[] tasks) implements Examples {
    @Override
    public void copyImage(int example, float[] dst, int offset) {
        System.arraycopy(images, example * shape.pixels(), dst, offset, shape.pixels());
    }

    @Override
    public int label(int example) {
        return labels[example];
    }

    @Override
    public int task(int example) {
        return tasks[example];
    }
}
