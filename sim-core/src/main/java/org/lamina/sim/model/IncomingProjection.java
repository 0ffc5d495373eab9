package org.lamina.sim.model;

import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.WeightInit;

/**
 * A projection as its target sees it. {@link #initialWeights()} draws the post × pre matrix
 * from the projection's own random stream, so it depends only on the seed and projection id.
 */
public record IncomingProjection(int id, String sourceName, int sourceSize, int targetSize, int delaySteps,
                                 WeightInit init, Plasticity plasticity, CounterRng initRng) {

    /** A fresh row-major {@code targetSize × sourceSize} weight matrix. */
    public float[] initialWeights() {
        int n = Math.multiplyExact(targetSize, sourceSize);
        if (init.kind() == WeightInit.Kind.GIVEN) {
            float[] given = init.values();
            if (given.length != n) {
                throw new IllegalArgumentException("the projection from " + sourceName + ": " + init + " do not fit "
                        + targetSize + " x " + sourceSize);
            }
            return given;
        }
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = switch (init.kind()) {
                case CONSTANT -> (float) init.a();
                case UNIFORM -> (float) (init.a() + (init.b() - init.a()) * initRng.uniform(0, i));
                case NORMAL -> (float) (init.a() + init.b() * initRng.normal(0, i));
                case GIVEN -> throw new IllegalStateException("handled above");
                case REFERENCED -> throw new IllegalStateException("the projection from " + sourceName + ": " + init);
            };
        }
        return w;
    }
}
