package org.lamina.sim.spec;

/**
 * How a projection's initial weights are drawn. Drawn by the engine from the projection's own
 * counter-based stream, so they depend only on the seed and the projection id.
 */
public record WeightInit(Kind kind, double a, double b) {
    public enum Kind {
        /** Every weight equals {@code a}. */
        CONSTANT,
        /** Uniform in [a, b). */
        UNIFORM,
        /** Normal with mean a and standard deviation b. */
        NORMAL
    }

    public WeightInit {
        if (kind == null) {
            throw new IllegalArgumentException("weight init kind is required");
        }
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

    @Override
    public String toString() {
        return switch (kind) {
            case CONSTANT -> "constant(" + a + ")";
            case UNIFORM -> "uniform(" + a + ", " + b + ")";
            case NORMAL -> "normal(" + a + ", " + b + ")";
        };
    }
}
