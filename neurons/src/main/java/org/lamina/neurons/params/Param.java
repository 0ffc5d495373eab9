package org.lamina.neurons.params;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One parameter of a model, declared once: its key in scenario files ({@code tau-ms}), its type,
 * its default (a constant, one computed from the other parameters and the run, or none: required),
 * its range, unit and meaning, how to read it back from a descriptor, and when it applies (a
 * parameter of one variant only, such as {@code beta} of the power-tanh loss).
 *
 * @param <M> the descriptor type
 */
public final class Param<M> {

    /** What values a parameter takes. */
    public enum Type {
        /** A number (double). */
        DECIMAL,
        /** A whole number (long). */
        INTEGER,
        BOOLEAN,
        /** One of {@link #choices()}. */
        CHOICE,
        /** Free text, such as a phase name. */
        TEXT,
        /** The name of another population of the scenario. */
        POPULATION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A default worked out from the parameters read before it and the run. */
    @FunctionalInterface
    public interface Default {
        Object value(ParamValues earlier, ModelContext context);
    }

    private final String key;
    private final Type type;
    private final Function<M, Object> getter;
    private final Default fallback;
    private final String fallbackText;
    private final boolean optional;
    private final double min;
    private final double max;
    private final List<String> choices;
    private final String unit;
    private final String doc;
    private final Predicate<ParamValues> appliesWhen;
    private final String appliesText;
    private final boolean ofRule;

    private Param(String key, Type type, Function<M, Object> getter, Default fallback, String fallbackText,
                  boolean optional, double min, double max, List<String> choices, String unit, String doc,
                  Predicate<ParamValues> appliesWhen, String appliesText, boolean ofRule) {
        if (!key.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("a parameter key is kebab case, got '" + key + "'");
        }
        this.key = key;
        this.type = type;
        this.getter = getter;
        this.fallback = fallback;
        this.fallbackText = fallbackText;
        this.optional = optional;
        this.min = min;
        this.max = max;
        this.choices = List.copyOf(choices);
        this.unit = unit;
        this.doc = doc;
        this.appliesWhen = appliesWhen;
        this.appliesText = appliesText;
        this.ofRule = ofRule;
    }

    /**
     * The magnitude a decimal parameter stays within unless its range says otherwise: far beyond any
     * meaningful setting (rates, strengths, gains, temperatures are O(1) to O(1000)), and small
     * enough that a parameter times the activities it meets stays finite in the 32-bit floats the
     * state is held in (1e6 × 1e32 < 3.4e38), so a value such as {@code inhibition = 1e308} is
     * refused when the scenario is read instead of filling the state with infinities.
     */
    public static final double LIMIT = 1e6;

    /**
     * The shortest time (ms) a time constant or step may be: below it {@code dt / tau} and
     * {@code 1 / tau} overflow or leave nothing of the dynamics (a tau of 4.9e-324 makes them infinite).
     */
    public static final double SHORTEST_TIME_MS = 1e-6;

    private static <M> Param<M> of(String key, Type type, Function<M, Object> getter) {
        // Decimals lie within +-LIMIT unless a range says otherwise; integers within what their type holds.
        double bound = type == Type.DECIMAL ? LIMIT : Double.MAX_VALUE;
        return new Param<>(key, type, getter, null, "", false, -bound, bound, List.of(), "", "", v -> true, "", false);
    }

    public static <M> Param<M> decimal(String key, Function<M, Double> getter) {
        return of(key, Type.DECIMAL, getter::apply);
    }

    public static <M> Param<M> integer(String key, Function<M, ? extends Number> getter) {
        return of(key, Type.INTEGER, m -> getter.apply(m).longValue());
    }

    public static <M> Param<M> bool(String key, Function<M, Boolean> getter) {
        return of(key, Type.BOOLEAN, getter::apply);
    }

    /** One of {@code choices}, read back as the descriptor's label for it. */
    public static <M> Param<M> choice(String key, Function<M, String> getter, List<String> choices) {
        return of(key, Type.CHOICE, getter::apply).withChoices(choices);
    }

    public static <M> Param<M> text(String key, Function<M, String> getter) {
        return of(key, Type.TEXT, getter::apply);
    }

    /** The name of another population (checked by the scenario reader). */
    public static <M> Param<M> population(String key, Function<M, String> getter) {
        return of(key, Type.POPULATION, getter::apply);
    }

    private Param<M> copy(Default fallback, String fallbackText, boolean optional, double min, double max,
                          List<String> choices, String unit, String doc, Predicate<ParamValues> when, String whenText) {
        return new Param<>(key, type, getter, fallback, fallbackText, optional, min, max, choices, unit, doc, when,
                whenText, ofRule);
    }

    private Param<M> withChoices(List<String> c) {
        return copy(fallback, fallbackText, optional, min, max, c, unit, doc, appliesWhen, appliesText);
    }

    /** A constant default (a {@code Number}, {@code Boolean} or {@code String} of this parameter's type). */
    public Param<M> byDefault(Object value) {
        Objects.requireNonNull(value, "a default value");
        return copy((v, c) -> value, text(value), optional, min, max, choices, unit, doc, appliesWhen, appliesText);
    }

    /** A default computed when the parameter is absent; {@code description} says what it is, for people. */
    public Param<M> byDefault(Default value, String description) {
        return copy(value, description, optional, min, max, choices, unit, doc, appliesWhen, appliesText);
    }

    /** No default, yet not required: absent means "none" (the descriptor holds null). */
    public Param<M> optional() {
        return copy(null, "none", true, min, max, choices, unit, doc, appliesWhen, appliesText);
    }

    /** Inclusive bounds for numbers (finite by default). */
    public Param<M> range(double lo, double hi) {
        return copy(fallback, fallbackText, optional, lo, hi, choices, unit, doc, appliesWhen, appliesText);
    }

    public Param<M> atLeast(double lo) {
        return range(lo, max);
    }

    /** Greater than zero. */
    public Param<M> positive() {
        return range(Double.MIN_VALUE, max);
    }

    /** A time constant or step in ms: {@link #SHORTEST_TIME_MS} to {@link #LIMIT}. */
    public Param<M> duration() {
        return range(SHORTEST_TIME_MS, LIMIT).unit("ms");
    }

    public Param<M> unit(String u) {
        return copy(fallback, fallbackText, optional, min, max, choices, u, doc, appliesWhen, appliesText);
    }

    /** One line saying what the parameter does. */
    public Param<M> doc(String text) {
        return copy(fallback, fallbackText, optional, min, max, choices, unit, text, appliesWhen, appliesText);
    }

    /**
     * Only applies when {@code when} holds of the parameters declared before it ({@code description}
     * for people, e.g. "loss = power-tanh"); otherwise it may not be given and is not written.
     */
    public Param<M> onlyWhen(Predicate<ParamValues> when, String description) {
        return copy(fallback, fallbackText, optional, min, max, choices, unit, doc, when, description);
    }

    /**
     * A parameter of the model's learning rule: scenario files give it in the {@code plasticity}
     * block of the projection the rule changes, not with the population.
     */
    public Param<M> ofRule() {
        return new Param<>(key, type, getter, fallback, fallbackText, optional, min, max, choices, unit, doc,
                appliesWhen, appliesText, true);
    }

    /** Whether it is a parameter of the learning rule ({@link #ofRule()}). */
    public boolean belongsToRule() {
        return ofRule;
    }

    public String key() {
        return key;
    }

    /** The key in trace headers (snake case: {@code tau_ms}). */
    public String traceKey() {
        return key.replace('-', '_');
    }

    public Type type() {
        return type;
    }

    public boolean required() {
        return fallback == null && !optional;
    }

    public boolean optionalWithoutDefault() {
        return optional;
    }

    /** The default for these earlier values and run, or null when there is none. */
    public Object fallback(ParamValues earlier, ModelContext context) {
        return fallback == null ? null : normalised(fallback.value(earlier, context));
    }

    /** Numbers as this parameter's values are held: Long for integers, Double for decimals. */
    private Object normalised(Object value) {
        if (value instanceof Number n) {
            return type == Type.INTEGER ? (Object) n.longValue() : type == Type.DECIMAL ? (Object) n.doubleValue() : value;
        }
        return value;
    }

    /** The default as people read it ("10.0", "the training split's size"), empty when required. */
    public String fallbackText() {
        return fallbackText;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public List<String> choices() {
        return choices;
    }

    public String unit() {
        return unit;
    }

    public String doc() {
        return doc;
    }

    public boolean appliesTo(ParamValues earlier) {
        return appliesWhen.test(earlier);
    }

    /** When it applies, for people (empty: always). */
    public String appliesText() {
        return appliesText;
    }

    /** This parameter's value in {@code descriptor} (Double, Long, Boolean or String; null for an absent optional one). */
    public Object valueOf(M descriptor) {
        return getter.apply(descriptor);
    }

    /** A value as written in traces and shown to people: numbers as Java prints them. */
    public static String text(Object value) {
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return key + " (" + type.label() + ")";
    }

    /** For {@link Default}s that ignore the run: {@code (earlier, context) -> f(earlier)}. */
    public static Default fromEarlier(Function<ParamValues, Object> f) {
        return (earlier, context) -> f.apply(earlier);
    }

    /** For {@link Default}s that ignore earlier values: {@code (earlier, context) -> f(context)}. */
    public static Default fromContext(Function<ModelContext, Object> f) {
        return (earlier, context) -> f.apply(context);
    }
}
