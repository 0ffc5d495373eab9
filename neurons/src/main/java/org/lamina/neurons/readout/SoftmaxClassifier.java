package org.lamina.neurons.readout;

import java.util.Locale;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CrossEntropy;
import org.lamina.kernels.supervised.OutputLoss;
import org.lamina.kernels.supervised.SoftmaxReadout;
import org.lamina.neurons.input.Examples;
import org.lamina.neurons.supervised.Optimiser;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.rng.CounterRng;

/**
 * A linear classifier trained by minibatch SGD or Adam ({@link Optimiser}) against a loss
 * ({@link OutputLoss}: softmax cross-entropy or Krotov's power-tanh) on a dataset's pixels or on
 * features: the readout every experiment ends with. The logits and gradients run on the kernels'
 * {@link SoftmaxReadout} of the chosen backend; the example order of {@link #trainEpoch} is
 * shuffled each epoch from the seed (counter-based, so it depends only on seed and epoch).
 */
public final class SoftmaxClassifier implements AutoCloseable {

    /**
     * Settings of {@link #trainEpoch}: the learning rate of epoch {@code e} is the optimiser's
     * {@code lr · lrDecay^e}.
     */
    public record Settings(int epochs, int batch, long seed) {
        public Settings {
            if (epochs < 1 || batch < 1) {
                throw new IllegalArgumentException("epochs and batch must be >= 1, got " + epochs + ", " + batch);
            }
        }
    }

    /** One epoch's figures. */
    public record EpochStats(int epoch, double loss, double trainAccuracy, double examplesPerSecond) {
    }

    /** Accuracy and the confusion matrix (rows: true class, columns: predicted). */
    public record Evaluation(double accuracy, long[][] confusion) {
        public String confusionTable() {
            StringBuilder sb = new StringBuilder();
            for (long[] row : confusion) {
                for (long v : row) {
                    sb.append(String.format(Locale.ROOT, "%6d", v));
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    /** What one minibatch did: the loss summed over its examples and how many were classified right. */
    public record BatchResult(double lossSum, int correct) {
    }

    private final int features;
    private final int classes;
    private final SoftmaxReadout kernel;
    private final OutputLoss loss;
    private final Optimiser optimiser;
    private final double weightDecay;
    private final float[] w;
    private final float[] b;
    private final Optimiser.Parameter wParam;
    private final Optimiser.Parameter bParam;
    /** Work buffers: logits and one-hot targets (resized when a minibatch's size changes) and the gradients. */
    private float[] z = new float[0];
    private float[] targets = new float[0];
    private final float[] dw;
    private final float[] db;

    /** Cross-entropy with Adam (lr 0.001), no weight decay, weights from zero. */
    public SoftmaxClassifier(int features, int classes, SoftmaxReadout kernel) {
        this(features, classes, kernel, OutputLoss.CROSS_ENTROPY, Optimiser.adam(1e-3), 0, new float[classes * features]);
    }

    /**
     * A classifier that trains {@code weights} ({@code classes × features}, row-major) in place:
     * the caller may keep the array as a live view. {@code weightDecay} adds the L2 penalty
     * {@code weightDecay/2 · |W|²} to the loss (not the bias), so {@code weightDecay · W} to each
     * minibatch's mean gradient, before the optimiser sees it.
     */
    public SoftmaxClassifier(int features, int classes, SoftmaxReadout kernel, OutputLoss loss, Optimiser optimiser,
                             double weightDecay, float[] weights) {
        if (features < 1 || classes < 2) {
            throw new IllegalArgumentException("need >= 1 feature and >= 2 classes, got " + features + ", " + classes);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (weights.length != classes * features) {
            throw new IllegalArgumentException("weights must hold classes * features = " + classes * features
                    + " floats, got " + weights.length);
        }
        this.features = features;
        this.classes = classes;
        this.kernel = kernel;
        this.loss = loss;
        this.optimiser = optimiser;
        this.weightDecay = weightDecay;
        this.w = weights;
        this.b = new float[classes];
        this.wParam = optimiser.parameter(w);
        this.bParam = optimiser.parameter(b);
        this.dw = new float[w.length];
        this.db = new float[classes];
    }

    /** Trains one epoch (epochs count from 0) on {@code data}, whose pixels are the features. */
    public EpochStats trainEpoch(Examples data, Settings s, int epoch) {
        check(data);
        int n = data.shape().size();
        int[] order = shuffled(n, s.seed(), epoch);
        double lr = optimiser.lr() * Math.pow(optimiser.lrDecay(), epoch);
        float[] h = new float[s.batch() * features];
        double lossSum = 0;
        long correct = 0;
        long t0 = System.nanoTime();
        for (int start = 0; start < n; start += s.batch()) {
            int m = Math.min(s.batch(), n - start);
            int[] idx = java.util.Arrays.copyOfRange(order, start, start + m);
            int[] labels = new int[m];
            for (int i = 0; i < m; i++) {
                labels[i] = data.label(idx[i]);
            }
            float[] hb = m == s.batch() ? h : new float[m * features];
            for (int i = 0; i < m; i++) {
                data.copyImage(idx[i], hb, i * features);
            }
            BatchResult r = trainBatch(hb, labels, m, lr);
            lossSum += r.lossSum();
            correct += r.correct();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new EpochStats(epoch, lossSum / n, (double) correct / n, n / seconds);
    }

    /**
     * One optimiser step at learning rate {@code rate} on the minibatch {@code h}
     * ({@code m × features}) with {@code labels}; the result counts the predictions made before the step.
     */
    public BatchResult trainBatch(float[] h, int[] labels, int m, double rate) {
        float[] hb = rows(h, m);
        float[] zb = logits(hb, m);
        CrossEntropy.Score score = loss.error(zb, oneHot(labels, m), classes, m, 1.0, null, zb);
        kernel.gradient(zb, hb, classes, features, m, BatchReduction.MEAN, dw, db);
        if (weightDecay > 0) {
            float lambda = (float) weightDecay;
            for (int i = 0; i < w.length; i++) {
                dw[i] += lambda * w[i];
            }
        }
        wParam.step(dw, rate);
        bParam.step(db, rate);
        return new BatchResult(score.lossSum(), score.correct());
    }

    /** Predicts the minibatch {@code h} into {@code predicted}; returns the loss and count of right answers. */
    public BatchResult predictBatch(float[] h, int[] labels, int m, int[] predicted) {
        float[] zb = logits(rows(h, m), m);
        for (int i = 0; i < m; i++) {
            predicted[i] = argmax(zb, i * classes, classes);
        }
        CrossEntropy.Score score = loss.error(zb, oneHot(labels, m), classes, m, 1.0, null, zb);
        return new BatchResult(score.lossSum(), score.correct());
    }

    /** The first {@code m} labels as one-hot rows, in a buffer reused while {@code m} does not change. */
    private float[] oneHot(int[] labels, int m) {
        if (targets.length != m * classes) {
            targets = new float[m * classes];
        } else {
            java.util.Arrays.fill(targets, 0f);
        }
        for (int i = 0; i < m; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside 0.."
                        + (classes - 1));
            }
            targets[i * classes + labels[i]] = 1f;
        }
        return targets;
    }

    /** Logits of the {@code m} rows of {@code h}, in a buffer reused while {@code m} does not change. */
    private float[] logits(float[] h, int m) {
        if (z.length != m * classes) {
            z = new float[m * classes];
        }
        kernel.logits(w, b, classes, features, h, m, z);
        return z;
    }

    /** The first {@code m} rows of {@code h} (itself when it has exactly {@code m}: the usual full minibatch). */
    private float[] rows(float[] h, int m) {
        return h.length == m * features ? h : java.util.Arrays.copyOf(h, m * features);
    }

    public Evaluation evaluate(Examples data, int batch) {
        check(data);
        int n = data.shape().size();
        long[][] confusion = new long[classes][classes];
        long correct = 0;
        for (int start = 0; start < n; start += batch) {
            int m = Math.min(batch, n - start);
            int[] idx = new int[m];
            for (int i = 0; i < m; i++) {
                idx[i] = start + i;
            }
            float[] h = new float[m * features];
            float[] z = new float[m * classes];
            for (int i = 0; i < m; i++) {
                data.copyImage(idx[i], h, i * features);
            }
            kernel.logits(w, b, classes, features, h, m, z);
            for (int i = 0; i < m; i++) {
                int predicted = argmax(z, i * classes, classes);
                int label = data.label(idx[i]);
                confusion[label][predicted]++;
                correct += predicted == label ? 1 : 0;
            }
        }
        return new Evaluation((double) correct / n, confusion);
    }

    /** Example order of an epoch: Fisher–Yates with draws keyed by (seed, epoch, position). */
    static int[] shuffled(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        CounterRng rng = CounterRng.stream(seed, CounterRng.DATA, 0x5EAD);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) (rng.uniform(epoch, i) * (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int argmax(float[] z, int from, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (z[from + k] > z[from + best]) {
                best = k;
            }
        }
        return best;
    }

    private void check(Examples data) {
        if (data.shape().pixels() != features || data.shape().classes() != classes) {
            throw new IllegalArgumentException("the classifier takes " + features + " features and " + classes
                    + " classes; " + data.shape());
        }
    }

    public float[] weights() {
        return w.clone();
    }

    /** A copy of the bias, one per class. */
    public float[] bias() {
        return b.clone();
    }

    /** Sets the bias (one per class), e.g. to one a previous run learnt; before training, as the optimiser's moments restart. */
    public void setBias(float[] bias) {
        if (bias.length != classes) {
            throw new IllegalArgumentException("the bias holds one value per class (" + classes + "), got "
                    + bias.length);
        }
        System.arraycopy(bias, 0, b, 0, classes); // in place: the optimiser holds the array
    }

    /** Writes the weights and bias with the optimiser's state, for a checkpoint. */
    void save(ModelState out) {
        wParam.save(out, "weights");
        bParam.save(out, "bias");
    }

    /** Reads back what {@link #save} wrote, into the weights and bias in place. */
    void restore(ModelState in) {
        wParam.restore(in, "weights");
        bParam.restore(in, "bias");
    }

    @Override
    public void close() {
        kernel.close();
    }
}
