package org.lamina.neurons.input;

import java.util.List;

/**
 * What a split of a dataset looks like without its pixels: how many examples, of what image
 * size, how many classes and which tasks. Known for every named dataset before anything is
 * fetched or loaded ({@link Datasets#shape}), so a scenario can be checked on a machine that has
 * never seen the data; a loaded split must then have exactly this shape ({@link Dataset#shape()}).
 */
public record DatasetShape(String name, Split split, int width, int height, int classes, List<String> taskNames,
                           int size) {
    public DatasetShape {
        taskNames = List.copyOf(taskNames);
        if (width <= 0 || height <= 0 || classes <= 0 || size < 0) {
            throw new IllegalArgumentException("a dataset shape needs positive width, height and classes and a size >= 0: "
                    + width + ", " + height + ", " + classes + ", " + size);
        }
    }

    /** Pixels per image ({@code width × height}). */
    public int pixels() {
        return width * height;
    }

    /** The first {@code n} examples ({@code 0}: all of them), as {@link Dataset#limit} keeps them. */
    public DatasetShape limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + n);
        }
        return n == 0 || n >= size ? this : new DatasetShape(name, split, width, height, classes, taskNames, n);
    }

    @Override
    public String toString() {
        return name + "/" + split.label() + ": " + size + " images of " + width + "x" + height + ", " + classes
                + " classes" + (taskNames.isEmpty() ? "" : ", tasks " + taskNames);
    }
}
