package org.lamina.scenarios.data;

import org.lamina.neurons.input.Split;
import org.lamina.sim.rng.CounterRng;

/**
 * Földiák's bars (1990): {@code k × k} binary images on which each of the {@code k} horizontal
 * and {@code k} vertical bars is on independently with probability {@code p} (pixels where bars
 * cross are simply 1). The zero-download dataset: a pure function of the seed, drawn from the
 * counter-based generator so that example {@code i} is the same however many are generated.
 *
 * <p>The label of an image is the number of bars on (0 to 2k, so 2k + 1 classes): a target a
 * readout can learn from units that each detect one bar. {@link #barsOn} gives the bars themselves.
 */
public final class Bars {
    /** Name of the dataset in scenarios and on the command line. */
    public static final String NAME = "bars";
    /** DATA-domain stream ids of the two splits; far from small ids so they do not collide with shuffles. */
    static final long TRAIN_STREAM = 0xBA25_0000L;
    static final long TEST_STREAM = 0xBA25_0001L;

    private Bars() {
    }

    /**
     * What to generate.
     *
     * @param size k: images are k × k with k horizontal and k vertical bars
     * @param probability p: the chance that each bar is on
     */
    public record Params(int size, double probability, int trainCount, int testCount, long seed) {
        /** Földiák's 8 × 8 images with p = 1/8, 10 000 training and 2 000 test images, seed 0. */
        public static final Params DEFAULT = new Params(8, 1.0 / 8, 10_000, 2_000, 0);

        public Params {
            if (size < 1) {
                throw new IllegalArgumentException("bars size must be >= 1, got " + size);
            }
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("bar probability must be in [0, 1], got " + probability);
            }
            if (trainCount < 0 || testCount < 0) {
                throw new IllegalArgumentException("example counts must be >= 0, got " + trainCount + " and " + testCount);
            }
            if ((long) Math.max(trainCount, testCount) * size * size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many pixels for one array: " + Math.max(trainCount, testCount)
                        + " images of " + size + "x" + size);
            }
        }

        public Params withSeed(long newSeed) {
            return new Params(size, probability, trainCount, testCount, newSeed);
        }

        public int count(Split split) {
            return split == Split.TRAIN ? trainCount : testCount;
        }
    }

    /** The split's images (pixels 0 or 1) and labels (bars on). */
    public static Dataset generate(Params params, Split split) {
        int k = params.size();
        int n = params.count(split);
        float[] images = new float[n * k * k];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean[] on = barsOn(params, split, i);
            int base = i * k * k;
            for (int b = 0; b < 2 * k; b++) {
                if (!on[b]) {
                    continue;
                }
                labels[i]++;
                for (int j = 0; j < k; j++) {
                    int pixel = b < k ? b * k + j : j * k + (b - k); // row b, or column b - k
                    images[base + pixel] = 1f;
                }
            }
        }
        return new Dataset(NAME, split, k, k, classes(params), images, labels);
    }

    /** Labels count the bars that are on: 0 to 2k. */
    public static int classes(Params params) {
        return 2 * params.size() + 1;
    }

    /** Which bars example {@code example} has: entries 0..k-1 are the rows, k..2k-1 the columns. */
    public static boolean[] barsOn(Params params, Split split, int example) {
        CounterRng rng = CounterRng.stream(params.seed(), CounterRng.DATA, split == Split.TRAIN ? TRAIN_STREAM : TEST_STREAM);
        boolean[] on = new boolean[2 * params.size()];
        for (int b = 0; b < on.length; b++) {
            on[b] = rng.uniform(example, b) < params.probability();
        }
        return on;
    }
}
