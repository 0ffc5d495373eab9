package org.lamina.neurons.params;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.Plasticity;

/**
 * A population model a scenario can name: its name, one line on what it is, its declared
 * parameters and how to make its descriptor from them. Everything else about parameters derives
 * from the declarations: reading scenario files, the parameters in trace headers, writing
 * scenario files back, defaults and the reference in docs/scenarios.md.
 *
 * @param <M> the descriptor it makes
 */
public final class ModelType<M extends ModelDescriptor> {

    /** Makes a descriptor from read parameters. */
    @FunctionalInterface
    public interface Factory<M> {
        /** @throws ParamException (or IllegalArgumentException) when the values do not fit together */
        M create(ParamValues values, ModelContext context);
    }

    /**
     * How a learning model's rule is declared: on which incoming projection (the one whose weights
     * it changes) and in which kind of phase it learns unless a phase names what learns.
     *
     * @param learnsIn  the phases it learns in by default
     * @param sourceKey the population parameter naming the projection's source ({@code features-from}),
     *                  or null: the one incoming projection whose source no population parameter names
     *                  (the others carry labels, errors or tasks)
     */
    public record Learning(PhaseKind learnsIn, String sourceKey) {
    }

    /** The key of the rule's name, in the {@code plasticity} block ({@code rule = krotov}). */
    public static final String RULE = "rule";

    private final String name;
    private final String summary;
    private final Class<M> descriptor;
    private final List<Param<M>> params;
    private final Factory<M> factory;
    private final Learning learning;

    private ModelType(String name, String summary, Class<M> descriptor, List<Param<M>> params, Factory<M> factory,
                      Learning learning) {
        Set<String> keys = new LinkedHashSet<>();
        for (Param<M> p : params) {
            if (!keys.add(p.key()) || p.key().equals("size") || p.key().equals("model")) {
                throw new IllegalArgumentException(name + ": parameter " + p.key() + " is declared twice or reserved");
            }
        }
        boolean declaresRule = params.stream().anyMatch(p -> p.key().equals(RULE) && p.belongsToRule()
                && p.type() == Param.Type.CHOICE);
        if ((learning != null) != declaresRule) {
            throw new IllegalArgumentException(name + ": a model learns exactly when it declares the rule parameter '"
                    + RULE + "' (a choice, of the rule)");
        }
        if (learning == null && params.stream().anyMatch(Param::belongsToRule)) {
            throw new IllegalArgumentException(name + ": rule parameters on a model that does not learn");
        }
        this.name = name;
        this.summary = summary;
        this.descriptor = descriptor;
        this.params = List.copyOf(params);
        this.factory = factory;
        this.learning = learning;
    }

    /** A model without plasticity. */
    public static <M extends ModelDescriptor> ModelType<M> of(String name, String summary, Class<M> descriptor,
                                                              List<Param<M>> params, Factory<M> factory) {
        return new ModelType<>(name, summary, descriptor, params, factory, null);
    }

    /** A model with a learning rule: its parameters include {@code rule} and the others of the rule ({@link Param#ofRule()}). */
    public static <M extends ModelDescriptor> ModelType<M> learning(String name, String summary, Class<M> descriptor,
                                                                    List<Param<M>> params, Factory<M> factory,
                                                                    Learning learning) {
        return new ModelType<>(name, summary, descriptor, params, factory, java.util.Objects.requireNonNull(learning));
    }

    /** How its rule is declared, or null for a model without plasticity. */
    public Learning learning() {
        return learning;
    }

    /**
     * What the projection carrying {@code d}'s rule declares: the rule's name and the phases it
     * learns in by default.
     *
     * @throws IllegalStateException for a model without plasticity
     */
    public Plasticity plasticity(ModelDescriptor d) {
        if (learning == null) {
            throw new IllegalStateException(name + " has no learning rule");
        }
        return new Plasticity(values(d).text(RULE), learning.learnsIn());
    }

    public String name() {
        return name;
    }

    /** One line on what the model is. */
    public String summary() {
        return summary;
    }

    public List<Param<M>> params() {
        return params;
    }

    public boolean describes(ModelDescriptor d) {
        return descriptor.isInstance(d) && d.name().equals(name);
    }

    public M create(ParamValues values, ModelContext context) {
        return factory.create(values, context);
    }

    /**
     * The descriptor every default gives (for models whose parameters all have one).
     *
     * @throws IllegalStateException when a parameter is required
     */
    public M defaults(ModelContext context) {
        ParamValues v = new ParamValues();
        for (Param<M> p : params) {
            if (!p.appliesTo(v)) {
                continue;
            }
            if (p.required()) {
                throw new IllegalStateException(name + " has no default for " + p.key());
            }
            Object value = p.fallback(v, context);
            if (value != null) {
                v.put(p.key(), value);
            }
        }
        return create(v, context);
    }

    /** The parameters of {@code d} that apply, in declaration order (an absent optional one is left out). */
    public ParamValues values(ModelDescriptor d) {
        M m = descriptor.cast(d);
        ParamValues v = new ParamValues();
        for (Param<M> p : params) {
            if (p.appliesTo(v)) {
                Object value = p.valueOf(m);
                if (value != null) {
                    v.put(p.key(), value);
                }
            }
        }
        return v;
    }

    /** The parameters of {@code d} as trace headers hold them: snake-case keys, sorted, values as text. */
    public SortedMap<String, String> traceParams(ModelDescriptor d) {
        SortedMap<String, String> out = new TreeMap<>();
        values(d).asMap().forEach((k, v) -> out.put(k.replace('-', '_'), Param.text(v)));
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
