package org.lamina.neurons.supervised;

import java.util.Locale;
import java.util.SortedMap;
import org.lamina.kernels.supervised.Adam;
import org.lamina.kernels.supervised.Sgd;

/**
 * How a supervised population applies its gradients: SGD or Adam, with the learning rate
 * {@code lr · lrDecay^epoch}, where an epoch is {@code examplesPerEpoch} examples learned from
 * (exponential per-epoch decay; {@code lrDecay = 1} keeps it constant).
 */
public record Optimiser(Kind kind, double lr, double lrDecay, long examplesPerEpoch, double beta1, double beta2,
                        double eps) {

    public enum Kind {
        SGD, ADAM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Optimiser {
        if (kind == null) {
            throw new IllegalArgumentException("an optimiser kind is required");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException("lr decay must lie in (0, 1], got " + lrDecay);
        }
        if (examplesPerEpoch < 1) {
            throw new IllegalArgumentException("examples per epoch must be >= 1, got " + examplesPerEpoch);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must lie in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("adam eps must be finite and > 0, got " + eps);
        }
    }

    public static Optimiser sgd(double lr) {
        return new Optimiser(Kind.SGD, lr, 1.0, 1, 0.9, 0.999, 1e-8);
    }

    public static Optimiser adam(double lr) {
        return new Optimiser(Kind.ADAM, lr, 1.0, 1, 0.9, 0.999, 1e-8);
    }

    /** The same optimiser with a per-epoch decay. */
    public Optimiser decaying(double decay, long examplesPerEpoch) {
        return new Optimiser(kind, lr, decay, examplesPerEpoch, beta1, beta2, eps);
    }

    /** The learning rate after {@code examplesLearned} examples. */
    public double rate(long examplesLearned) {
        return lr * Math.pow(lrDecay, (double) (examplesLearned / examplesPerEpoch));
    }

    /** A trained array: the values and, for Adam, their moments. */
    Parameter parameter(float[] values) {
        return new Parameter(values, kind == Kind.ADAM ? new Adam(values.length, beta1, beta2, eps) : null);
    }

    record Parameter(float[] values, Adam adam) {
        void step(float[] gradient, double rate) {
            if (adam == null) {
                Sgd.step(values, gradient, rate);
            } else {
                adam.step(values, gradient, rate);
            }
        }
    }

    void putParams(SortedMap<String, String> m) {
        m.put("optimizer", kind.label());
        m.put("lr", Double.toString(lr));
        m.put("lr_decay", Double.toString(lrDecay));
        m.put("examples_per_epoch", Long.toString(examplesPerEpoch));
        if (kind == Kind.ADAM) {
            m.put("beta1", Double.toString(beta1));
            m.put("beta2", Double.toString(beta2));
            m.put("adam_eps", Double.toString(eps));
        }
    }
}
