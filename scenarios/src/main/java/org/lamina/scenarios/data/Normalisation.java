package org.lamina.scenarios.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How pixel values are rescaled before a network sees them. {@link #fit} looks at the training
 * split (only {@link #MEAN_STD} learns anything from it) and the result is applied to every split,
 * so the test images are standardised with the training statistics.
 */
public enum Normalisation {
    /** Pixels as loaded (0..255 for IDX datasets, 0/1 for bars). */
    NONE("none"),
    /** Pixels divided by 255 (IDX bytes to [0, 1]). */
    DIVIDE_255("divide-255"),
    /** Each example scaled to unit L2 norm (all-zero examples stay zero). */
    UNIT_LENGTH("unit-length"),
    /** Per pixel, minus the training mean, over the training standard deviation (1 where that is 0). */
    MEAN_STD("mean-std");

    private final String label;

    Normalisation(String label) {
        this.label = label;
    }

    /** The name in scenarios and on the command line. */
    public String label() {
        return label;
    }

    public static Normalisation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(n -> n.label.equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown normalisation '" + text + "': expected "
                        + Arrays.stream(values()).map(Normalisation::label).collect(Collectors.joining(", "))));
    }

    /** A normalisation ready to apply: fitted on a training split. */
    @FunctionalInterface
    public interface Fitted {
        /** A new dataset with normalised pixels; labels and shape unchanged. */
        Dataset apply(Dataset data);
    }

    /** Fits on {@code train} (the training split of the dataset it will be applied to). */
    public Fitted fit(Dataset train) {
        return switch (this) {
            case NONE -> data -> data;
            case DIVIDE_255 -> Normalisation::scaled;
            case UNIT_LENGTH -> Normalisation::unitLength;
            case MEAN_STD -> PixelStatistics.of(train)::standardise;
        };
    }

    private static Dataset scaled(Dataset data) {
        float[] x = data.pixelsUnsafe();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / 255f;
        }
        return data.withImages(out);
    }

    private static Dataset unitLength(Dataset data) {
        float[] x = data.pixelsUnsafe();
        float[] out = new float[x.length];
        int p = data.pixels();
        for (int e = 0; e < data.size(); e++) {
            double sum = 0;
            for (int i = e * p; i < (e + 1) * p; i++) {
                sum += (double) x[i] * x[i];
            }
            double scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
            for (int i = e * p; i < (e + 1) * p; i++) {
                out[i] = (float) (x[i] * scale);
            }
        }
        return data.withImages(out);
    }

    /** Per-pixel mean and standard deviation (population, divided by n) of a training split, in double. */
    public record PixelStatistics(double[] mean, double[] std) {
        public static PixelStatistics of(Dataset train) {
            if (train.size() == 0) {
                throw new IllegalArgumentException("mean-std needs a non-empty training split");
            }
            float[] x = train.pixelsUnsafe();
            int p = train.pixels();
            double[] mean = new double[p];
            double[] sq = new double[p];
            for (int e = 0; e < train.size(); e++) {
                for (int i = 0; i < p; i++) {
                    mean[i] += x[e * p + i];
                }
            }
            for (int i = 0; i < p; i++) {
                mean[i] /= train.size();
            }
            // Second pass on centred values: no cancellation as in E[x²] - E[x]².
            for (int e = 0; e < train.size(); e++) {
                for (int i = 0; i < p; i++) {
                    double d = x[e * p + i] - mean[i];
                    sq[i] += d * d;
                }
            }
            double[] std = new double[p];
            for (int i = 0; i < p; i++) {
                std[i] = Math.sqrt(sq[i] / train.size());
            }
            return new PixelStatistics(mean, std);
        }

        Dataset standardise(Dataset data) {
            if (data.pixels() != mean.length) {
                throw new IllegalArgumentException(data + " has " + data.pixels() + " pixels, the statistics "
                        + mean.length);
            }
            float[] x = data.pixelsUnsafe();
            float[] out = new float[x.length];
            int p = mean.length;
            for (int e = 0; e < data.size(); e++) {
                for (int i = 0; i < p; i++) {
                    double scale = std[i] > 0 ? std[i] : 1; // constant pixels (MNIST's border) are only centred
                    out[e * p + i] = (float) ((x[e * p + i] - mean[i]) / scale);
                }
            }
            return data.withImages(out);
        }
    }
}
