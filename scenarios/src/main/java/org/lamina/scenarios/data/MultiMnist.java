package org.lamina.scenarios.data;

import org.lamina.neurons.input.Split;
import org.lamina.sim.rng.CounterRng;

/**
 * Multi-MNIST for BU–TD multi-task learning (Abel &amp; Ullman, REFERENCES.md): two digits on a
 * 36 × 36 canvas, the left one at (0, 0) and the right one at (6, 6), overlapping by the maximum,
 * the canvas resized to 28 × 28 (bilinear, pixel centres aligned); tasks "left" and "right" ask
 * for one of the two digits. Pairs are drawn from the counter-based generator of the seed, so
 * pair {@code i} is the same however many are made.
 */
public final class MultiMnist {
    /** Side of the source digits and of the composed images. */
    public static final int SIZE = 28;
    /** Side of the canvas the two digits are placed on. */
    public static final int CANVAS = 36;
    /** Where the right digit's top-left corner goes (row and column). */
    public static final int OFFSET = 6;
    /** DATA-domain stream id of the pair draws (far from the small ids of shuffles). */
    static final long STREAM = 0x3A17_0000L;

    /** Which digit a task asks for. */
    public enum Task {
        LEFT, RIGHT
    }

    /** The task names of {@link Pairs#withTasks()}, in {@link Task} order. */
    public static final java.util.List<String> TASK_NAMES = java.util.List.of("left", "right");

    private MultiMnist() {
    }

    /** Composed images ({@code size × 28 × 28}) with the class of each image's left and right digit. */
    public record Pairs(String name, Split split, float[] images, int[] left, int[] right, int classes) {
        public int size() {
            return left.length;
        }

        /** The images labelled for one task. */
        public Dataset forTask(Task task) {
            return new Dataset(name + "-" + task.name().toLowerCase(java.util.Locale.ROOT), split, SIZE, SIZE, classes,
                    images.clone(), (task == Task.LEFT ? left : right).clone());
        }

        /**
         * Every image under both tasks ({@code 2 × size} examples of 28 × 28: image {@code i} as
         * example {@code 2i} with task {@code left} and as {@code 2i + 1} with task {@code right}),
         * labelled with the asked-for digit.
         */
        public Dataset withTasks() {
            int n = size();
            int px = SIZE * SIZE;
            float[] out = new float[2 * n * px];
            int[] labels = new int[2 * n];
            int[] tasks = new int[2 * n];
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < 2; t++) {
                    int k = 2 * i + t;
                    System.arraycopy(images, i * px, out, k * px, px);
                    labels[k] = t == 0 ? left[i] : right[i];
                    tasks[k] = t;
                }
            }
            return new Dataset(name, split, SIZE, SIZE, classes, out, labels, tasks, TASK_NAMES);
        }
    }

    /** {@code count} pairs of digits of {@code digits} (28 × 28), drawn with {@code seed}. */
    public static Pairs compose(Dataset digits, int count, long seed) {
        if (digits.width() != SIZE || digits.height() != SIZE) {
            throw new IllegalArgumentException("Multi-MNIST composes 28 x 28 digits, got " + digits.width() + " x "
                    + digits.height());
        }
        if (count < 1 || digits.size() < 1) {
            throw new IllegalArgumentException("need at least one pair and one digit");
        }
        CounterRng rng = CounterRng.stream(seed, CounterRng.DATA, STREAM + digits.split().ordinal());
        float[] images = new float[count * SIZE * SIZE];
        int[] left = new int[count];
        int[] right = new int[count];
        float[] a = new float[SIZE * SIZE];
        float[] b = new float[SIZE * SIZE];
        float[] canvas = new float[CANVAS * CANVAS];
        float[] small = new float[SIZE * SIZE];
        for (int i = 0; i < count; i++) {
            int l = (int) (rng.uniform(i, 0) * digits.size());
            int r = (int) (rng.uniform(i, 1) * digits.size());
            digits.copyImage(l, a, 0);
            digits.copyImage(r, b, 0);
            canvas(a, b, canvas);
            resize(canvas, CANVAS, small, SIZE);
            System.arraycopy(small, 0, images, i * SIZE * SIZE, SIZE * SIZE);
            left[i] = digits.label(l);
            right[i] = digits.label(r);
        }
        return new Pairs("multi-" + digits.name(), digits.split(), images, left, right, digits.classes());
    }

    /** The 36 × 36 canvas: {@code left} at (0, 0), {@code right} at (6, 6), the maximum where they overlap. */
    static void canvas(float[] left, float[] right, float[] canvas) {
        java.util.Arrays.fill(canvas, 0f);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                canvas[y * CANVAS + x] = left[y * SIZE + x];
            }
        }
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int c = (y + OFFSET) * CANVAS + x + OFFSET;
                canvas[c] = Math.max(canvas[c], right[y * SIZE + x]);
            }
        }
    }

    /**
     * Bilinear resize of a square {@code from × from} image to {@code to × to}, pixel centres
     * aligned (output pixel i samples the source at {@code (i + 0.5) · from / to − 0.5}, clamped
     * to the image), as image libraries do without anti-aliasing.
     */
    static void resize(float[] src, int from, float[] dst, int to) {
        double scale = (double) from / to;
        for (int i = 0; i < to; i++) {
            double sy = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), from - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, from - 1);
            double fy = sy - y0;
            for (int j = 0; j < to; j++) {
                double sx = Math.min(Math.max((j + 0.5) * scale - 0.5, 0), from - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, from - 1);
                double fx = sx - x0;
                double top = src[y0 * from + x0] * (1 - fx) + src[y0 * from + x1] * fx;
                double bottom = src[y1 * from + x0] * (1 - fx) + src[y1 * from + x1] * fx;
                dst[i * to + j] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
    }
}
