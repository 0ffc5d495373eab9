package org.lamina.neurons.readout;

import org.lamina.sim.model.ModelState;

/**
 * Centres and scales each feature by its mean and standard deviation over the training
 * examples, for a readout on frozen features whose columns differ by orders of magnitude and
 * share a large common component (Krotov's power-ReLU features): Adam rescales each weight's
 * steps but cannot remove that common component, so the linear classifier underfits without it.
 *
 * <p>The statistics are measured while learning: every learnt-on example of the first
 * {@code examplesToMeasure} (one epoch: the whole training split) updates them (Welford, in
 * double) before its minibatch is standardised, after which they are frozen, so from the
 * second epoch on they are exactly the training split's. A constant feature maps to 0.
 */
final class FeatureStandardiser {
    private final int width;
    private final long examplesToMeasure;
    private final double[] mean;
    private final double[] m2;
    private final float[] shift;
    private final float[] scale;
    private long count;

    FeatureStandardiser(int width, long examplesToMeasure) {
        if (width < 1 || examplesToMeasure < 1) {
            throw new IllegalArgumentException("need >= 1 feature and >= 1 example to measure, got " + width + ", "
                    + examplesToMeasure);
        }
        this.width = width;
        this.examplesToMeasure = examplesToMeasure;
        this.mean = new double[width];
        this.m2 = new double[width];
        this.shift = new float[width];
        this.scale = new float[width];
        java.util.Arrays.fill(scale, 1f);
    }

    /** Adds the first {@code m} rows of {@code rows} to the statistics while they are still being measured. */
    void measure(float[] rows, int m) {
        if (frozen()) {
            return;
        }
        int take = (int) Math.min(m, examplesToMeasure - count);
        for (int i = 0; i < take; i++) {
            count++;
            int base = i * width;
            for (int j = 0; j < width; j++) {
                double x = rows[base + j];
                double d = x - mean[j];
                mean[j] += d / count;
                m2[j] += d * (x - mean[j]);
            }
        }
        for (int j = 0; j < width; j++) {
            double sd = Math.sqrt(m2[j] / count);
            shift[j] = (float) mean[j];
            scale[j] = sd > 0 ? (float) (1 / sd) : 0f;
        }
    }

    /** Standardises the first {@code m} rows of {@code rows} in place with the statistics as they stand. */
    void apply(float[] rows, int m) {
        for (int i = 0; i < m; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                rows[base + j] = (rows[base + j] - shift[j]) * scale[j];
            }
        }
    }

    /**
     * Takes statistics measured before (a previous run's {@link #shift()} and {@link #scale()}) as
     * final: they are frozen from the start, as if a whole epoch had been measured.
     */
    void restore(float[] restoredShift, float[] restoredScale) {
        if (restoredShift.length != width || restoredScale.length != width) {
            throw new IllegalArgumentException("standardisation statistics of " + width + " features needed, got "
                    + restoredShift.length + " shifts and " + restoredScale.length + " scales");
        }
        count = examplesToMeasure;
        for (int j = 0; j < width; j++) {
            shift[j] = restoredShift[j];
            scale[j] = restoredScale[j];
            mean[j] = restoredShift[j];
            double sd = restoredScale[j] > 0 ? 1 / (double) restoredScale[j] : 0;
            m2[j] = sd * sd * count;
        }
    }

    /** Writes the statistics exactly (the running ones in double), for a checkpoint. */
    void save(ModelState out) {
        out.put("standardiser.count", count);
        out.put("standardiser.mean", mean);
        out.put("standardiser.m2", m2);
        out.put("standardiser.shift", shift);
        out.put("standardiser.scale", scale);
    }

    /** Reads back what {@link #save} wrote. */
    void restore(ModelState in) {
        count = in.number("standardiser.count");
        in.copyInto("standardiser.mean", mean);
        in.copyInto("standardiser.m2", m2);
        in.copyInto("standardiser.shift", shift);
        in.copyInto("standardiser.scale", scale);
    }

    /** The mean each feature is shifted by (a copy). */
    float[] shift() {
        return shift.clone();
    }

    /** The factor each centred feature is scaled by, 1 / standard deviation or 0 (a copy). */
    float[] scale() {
        return scale.clone();
    }

    boolean frozen() {
        return count >= examplesToMeasure;
    }

    long measured() {
        return count;
    }

    double mean(int feature) {
        return mean[feature];
    }

    double standardDeviation(int feature) {
        return count == 0 ? 0 : Math.sqrt(m2[feature] / count);
    }
}
