package org.lamina.neurons.supervised;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.lamina.kernels.supervised.Adam;
import org.lamina.kernels.supervised.Sgd;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamValues;
import org.lamina.sim.model.ModelState;

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
    public Parameter parameter(float[] values) {
        return new Parameter(values, kind == Kind.ADAM ? new Adam(values.length, beta1, beta2, eps) : null);
    }

    /** A trained array (a live view its model keeps) and, for Adam, the moments of its values. */
    public record Parameter(float[] values, Adam adam) {
        public void step(float[] gradient, double rate) {
            if (adam == null) {
                Sgd.step(values, gradient, rate);
            } else {
                adam.step(values, gradient, rate);
            }
        }

        /**
         * Writes the values as {@code name} and, for Adam, its moments and steps as
         * {@code name.adam_m}, {@code name.adam_v} and {@code name.adam_t}.
         */
        public void save(ModelState out, String name) {
            out.put(name, values);
            if (adam != null) {
                out.put(name + ".adam_m", adam.firstMoments());
                out.put(name + ".adam_v", adam.secondMoments());
                out.put(name + ".adam_t", adam.steps());
            }
        }

        /** Reads back what {@link #save} wrote under {@code name}, into the values in place. */
        public void restore(ModelState in, String name) {
            in.copyInto(name, values);
            if (adam != null) {
                float[] m = new float[values.length];
                float[] v = new float[values.length];
                in.copyInto(name + ".adam_m", m);
                in.copyInto(name + ".adam_v", v);
                adam.restore(m, v, in.number(name + ".adam_t"));
            }
        }
    }

    /** The optimiser's parameters, declared once for every model that trains with one. */
    /** The optimiser's parameters, all of the learning rule ({@link Param#ofRule()}). */
    public static <M> List<Param<M>> params(Function<M, Optimiser> of) {
        return List.of(
                Param.<M>choice("optimizer", m -> of.apply(m).kind().label(), List.of("adam", "sgd")).byDefault("adam").ofRule()
                        .doc("how gradients change the weights"),
                Param.<M>decimal("lr", m -> of.apply(m).lr())
                        .byDefault(Param.fromEarlier(v -> v.text("optimizer").equals("adam") ? 1e-3 : 0.1),
                                "0.001 with adam, 0.1 with sgd").ofRule()
                        .range(Double.MIN_VALUE, 1e6).doc("learning rate"),
                Param.<M>decimal("lr-decay", m -> of.apply(m).lrDecay()).byDefault(1.0).range(Double.MIN_VALUE, 1).ofRule()
                        .doc("factor on the learning rate after each epoch"),
                Param.<M>integer("examples-per-epoch", m -> of.apply(m).examplesPerEpoch())
                        .byDefault(Param.fromContext(ModelContext::examplesPerEpoch), "the training split's size").ofRule()
                        .range(1, Long.MAX_VALUE / 2).doc("examples learned from that make one epoch of the decay"),
                Param.<M>decimal("beta1", m -> of.apply(m).beta1()).byDefault(0.9).range(0, 0.999999).ofRule()
                        .onlyWhen(Optimiser::adam, "optimizer = adam").doc("Adam's first-moment decay"),
                Param.<M>decimal("beta2", m -> of.apply(m).beta2()).byDefault(0.999).range(0, 0.999999999).ofRule()
                        .onlyWhen(Optimiser::adam, "optimizer = adam").doc("Adam's second-moment decay"),
                Param.<M>decimal("adam-eps", m -> of.apply(m).eps()).byDefault(1e-8).range(Double.MIN_VALUE, 1).ofRule()
                        .onlyWhen(Optimiser::adam, "optimizer = adam").doc("Adam's epsilon"));
    }

    private static boolean adam(ParamValues v) {
        return v.text("optimizer").equals("adam");
    }

    /** The optimiser {@link #params} were read into. */
    public static Optimiser from(ParamValues v) {
        boolean adam = adam(v);
        return new Optimiser(adam ? Kind.ADAM : Kind.SGD, v.decimal("lr"), v.decimal("lr-decay"),
                v.integer("examples-per-epoch"), adam ? v.decimal("beta1") : 0.9, adam ? v.decimal("beta2") : 0.999,
                adam ? v.decimal("adam-eps") : 1e-8);
    }
}
