package org.lamina.sim.spec;

/**
 * A projection from {@code source} to {@code target} population (by name). Its weights
 * (post × pre, row-major) are owned by the target population. Output emitted by the source at
 * step t arrives at the target at step {@code t + delaySteps}.
 *
 * @param plasticity the learning rule the target applies to it ({@link Plasticity#NONE}: fixed weights)
 */
public record ProjectionSpec(String source, String target, int delaySteps, WeightInit init, Plasticity plasticity) {
    public ProjectionSpec {
        if (source == null || target == null) {
            throw new IllegalArgumentException("projection needs a source and a target");
        }
        if (delaySteps < 1) {
            throw new IllegalArgumentException("projection " + source + " -> " + target
                    + ": delay must be >= 1 step, got " + delaySteps);
        }
        if (init == null) {
            init = WeightInit.constant(0);
        }
        if (plasticity == null) {
            plasticity = Plasticity.NONE;
        }
    }

    /** A projection with fixed weights. */
    public ProjectionSpec(String source, String target, int delaySteps, WeightInit init) {
        this(source, target, delaySteps, init, Plasticity.NONE);
    }

    /** {@code source -> target}, as scenario files and messages name a projection. */
    public String label() {
        return source + " -> " + target;
    }
}
