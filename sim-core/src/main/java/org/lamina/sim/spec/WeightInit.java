package org.lamina.sim.spec;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a projection's initial weights are drawn. Drawn by the engine from the projection's own
 * counter-based stream, so they depend only on the seed and the projection id; or
 * {@link Kind#GIVEN} outright (e.g. the weights a previous run learnt), with {@code origin}
 * saying where they came from. A {@link Kind#REFERENCED} init only names where given weights
 * will come from: whoever reads the scenario loads them and replaces it before a network is built.
 * Given weights may come with {@code extras}: named arrays the target learnt alongside them (a
 * readout's bias and feature standardisation), which the target restores with them.
 */
public record WeightInit(Kind kind, double a, double b, String origin, float[] values,
                         SortedMap<String, float[]> extras) {
    public enum Kind {
        /** Every weight equals {@code a}. */
        CONSTANT,
        /** Uniform in [a, b). */
        UNIFORM,
        /** Normal with mean a and standard deviation b. */
        NORMAL,
        /** The given values (post × pre, row-major). */
        GIVEN,
        /** Weights named by {@code origin} but not loaded yet; a simulation refuses to start with them. */
        REFERENCED
    }

    public WeightInit(Kind kind, double a, double b) {
        this(kind, a, b, "", null);
    }

    public WeightInit(Kind kind, double a, double b, String origin, float[] values) {
        this(kind, a, b, origin, values, new TreeMap<>());
    }

    public WeightInit {
        if (kind == null) {
            throw new IllegalArgumentException("weight init kind is required");
        }
        if ((kind == Kind.GIVEN) != (values != null)) {
            throw new IllegalArgumentException("given weights, and only they, come with values");
        }
        values = values == null ? null : values.clone();
        origin = origin == null ? "" : origin;
        if (extras == null || !extras.isEmpty() && kind != Kind.GIVEN) {
            throw new IllegalArgumentException("only given weights come with extras");
        }
        TreeMap<String, float[]> copy = new TreeMap<>();
        extras.forEach((name, v) -> copy.put(name, v.clone()));
        extras = Collections.unmodifiableSortedMap(copy);
        if (kind == Kind.UNIFORM && !(b > a)) {
            throw new IllegalArgumentException("uniform weight init needs a < b, got [" + a + ", " + b + ")");
        }
        if (kind == Kind.NORMAL && !(b >= 0)) {
            throw new IllegalArgumentException("normal weight init needs std >= 0, got " + b);
        }
    }

    public static WeightInit constant(double value) {
        return new WeightInit(Kind.CONSTANT, value, 0);
    }

    public static WeightInit uniform(double lo, double hi) {
        return new WeightInit(Kind.UNIFORM, lo, hi);
    }

    public static WeightInit normal(double mean, double std) {
        return new WeightInit(Kind.NORMAL, mean, std);
    }

    /** Exactly these weights (post × pre, row-major), copied; {@code origin} names where they come from. */
    public static WeightInit given(float[] values, String origin) {
        return new WeightInit(Kind.GIVEN, 0, 0, origin, values);
    }

    /** Exactly these weights and what their target learnt alongside them ({@code extras}, by name), copied. */
    public static WeightInit given(float[] values, SortedMap<String, float[]> extras, String origin) {
        return new WeightInit(Kind.GIVEN, 0, 0, origin, values, extras);
    }

    /** Weights to be loaded from {@code origin} (a previous run's) before the network is built. */
    public static WeightInit referenced(String origin) {
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("referenced weights need an origin");
        }
        return new WeightInit(Kind.REFERENCED, 0, 0, origin, null);
    }

    /** A copy of the given weights (null for the drawn kinds). */
    @Override
    public float[] values() {
        return values == null ? null : values.clone();
    }

    /** A copy of the extra array named {@code name}, or null when the weights came without it. */
    public float[] extra(String name) {
        float[] v = extras.get(name);
        return v == null ? null : v.clone();
    }

    /** Given weights are equal when they come from the same place with the same values and extras. */
    @Override
    public boolean equals(Object o) {
        return o instanceof WeightInit w && w.kind == kind && Double.compare(w.a, a) == 0 && Double.compare(w.b, b) == 0
                && w.origin.equals(origin) && java.util.Arrays.equals(w.values, values) && sameExtras(w.extras, extras);
    }

    /** Whether two maps of named arrays hold the same names with equal arrays. */
    public static boolean sameExtras(Map<String, float[]> a, Map<String, float[]> b) {
        return a.keySet().equals(b.keySet()) && a.entrySet().stream()
                .allMatch(e -> java.util.Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, a, b, origin) * 31 + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONSTANT -> "constant(" + a + ")";
            case UNIFORM -> "uniform(" + a + ", " + b + ")";
            case NORMAL -> "normal(" + a + ", " + b + ")";
            case GIVEN -> "given(" + values.length + " weights from " + origin + ")";
            case REFERENCED -> "weights of " + origin + " (not loaded)";
        };
    }
}
