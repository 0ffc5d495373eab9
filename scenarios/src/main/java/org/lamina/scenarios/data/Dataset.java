package org.lamina.scenarios.data;

import java.util.Arrays;
import java.util.List;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.Examples;
import org.lamina.neurons.input.Split;

/**
 * An immutable set of labelled images: {@code size()} examples of {@code width × height} pixels
 * stored row-major in one {@code float[]} (example after example), and one label in
 * {@code [0, classes)} per example. The arrays never leave the object: readers copy what they
 * need ({@link #copyImage}, {@link #copyBatch}), so a dataset can be shared between actors.
 *
 * <p>A multi-task dataset also gives each example a task in {@code [0, taskNames().size())}
 * (Multi-MNIST: which of the two digits the label is); plain datasets have no tasks.
 */
public final class Dataset implements Examples {
    private final String name;
    private final Split split;
    private final int width;
    private final int height;
    private final int classes;
    private final float[] images;
    private final int[] labels;
    private final int[] tasks;
    private final List<String> taskNames;

    /** Takes ownership of {@code images} and {@code labels} (callers must not keep them). */
    public Dataset(String name, Split split, int width, int height, int classes, float[] images, int[] labels) {
        this(name, split, width, height, classes, images, labels, null, List.of());
    }

    /**
     * A multi-task dataset: {@code tasks[i]} indexes {@code taskNames} (null and an empty list for
     * none). Takes ownership of the arrays.
     */
    public Dataset(String name, Split split, int width, int height, int classes, float[] images, int[] labels,
                   int[] tasks, List<String> taskNames) {
        if (width <= 0 || height <= 0 || classes <= 0) {
            throw new IllegalArgumentException("width, height and classes must be positive: "
                    + width + ", " + height + ", " + classes);
        }
        if ((long) labels.length * width * height != images.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * width * height
                    + " pixels of " + width + "x" + height + " images, got " + images.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, "
                        + classes + ")");
            }
        }
        if ((tasks == null) != taskNames.isEmpty() || (tasks != null && tasks.length != labels.length)) {
            throw new IllegalArgumentException("a multi-task dataset needs one task per example and the task names: "
                    + labels.length + " examples, " + (tasks == null ? "no" : Integer.toString(tasks.length))
                    + " tasks, task names " + taskNames);
        }
        if (tasks != null) {
            for (int i = 0; i < tasks.length; i++) {
                if (tasks[i] < 0 || tasks[i] >= taskNames.size()) {
                    throw new IllegalArgumentException("task " + tasks[i] + " of example " + i + " is outside [0, "
                            + taskNames.size() + ")");
                }
            }
        }
        this.name = name;
        this.split = split;
        this.width = width;
        this.height = height;
        this.classes = classes;
        this.images = images;
        this.labels = labels;
        this.tasks = tasks;
        this.taskNames = List.copyOf(taskNames);
    }

    public String name() {
        return name;
    }

    public Split split() {
        return split;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Pixels per image ({@code width × height}). */
    public int pixels() {
        return width * height;
    }

    public int classes() {
        return classes;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int example) {
        return labels[example];
    }

    /** Everything about this split but its pixels and labels. */
    @Override
    public DatasetShape shape() {
        return new DatasetShape(name, split, width, height, classes, taskNames, size());
    }

    /** The names of the tasks (empty for a single-task dataset). */
    public List<String> taskNames() {
        return taskNames;
    }

    /** The task of an example; a dataset without tasks has none. */
    @Override
    public int task(int example) {
        if (tasks == null) {
            throw new IllegalStateException(name + " has no tasks");
        }
        return tasks[example];
    }

    public float pixel(int example, int pixel) {
        return images[example * pixels() + pixel];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of all images, row-major (large: MNIST's training split is 188 MB of floats). */
    public float[] imagesCopy() {
        return images.clone();
    }

    /** A copy of one image. */
    public float[] image(int example) {
        float[] out = new float[pixels()];
        copyImage(example, out, 0);
        return out;
    }

    /** Copies one image into {@code dst} at {@code offset}. */
    @Override
    public void copyImage(int example, float[] dst, int offset) {
        System.arraycopy(images, example * pixels(), dst, offset, pixels());
    }

    /** Copies the images of {@code examples}, in that order, into {@code dst} (a minibatch, row-major). */
    public void copyBatch(int[] examples, float[] dst) {
        for (int b = 0; b < examples.length; b++) {
            copyImage(examples[b], dst, b * pixels());
        }
    }

    /** The first {@code n} examples (this dataset when it has no more than {@code n}). */
    public Dataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        return new Dataset(name, split, width, height, classes, Arrays.copyOf(images, n * pixels()),
                Arrays.copyOf(labels, n), tasks == null ? null : Arrays.copyOf(tasks, n), taskNames);
    }

    /** The same examples and labels with other pixel values (same length); used by normalisations. */
    Dataset withImages(float[] newImages) {
        return new Dataset(name, split, width, height, classes, newImages, labels, tasks, taskNames);
    }

    /** The backing pixels, for this package's read-only loops (normalisation statistics). */
    float[] pixelsUnsafe() {
        return images;
    }

    @Override
    public String toString() {
        return name + "/" + split.label() + ": " + size() + " images of " + width + "x" + height + ", "
                + classes + " classes" + (tasks == null ? "" : ", tasks " + taskNames);
    }
}
