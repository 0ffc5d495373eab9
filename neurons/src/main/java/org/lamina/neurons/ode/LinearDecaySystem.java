package org.lamina.neurons.ode;

/**
 * A system of the form {@code tau dy/dt = g(y) - y}: a leak towards a drive {@code g}.
 * Exponential Euler integrates the leak exactly over a step with the drive held fixed.
 */
public interface LinearDecaySystem extends OdeSystem {
    /** Time constant of the leak, in the same unit as the step. */
    float tau();

    /** Writes the drive {@code g(y)} into {@code out}. */
    void drive(float[] y, float[] out);

    @Override
    default void derivative(float[] y, float[] dydt) {
        drive(y, dydt);
        float inv = 1f / tau();
        for (int i = 0; i < y.length && i < dimension(); i++) {
            dydt[i] = (dydt[i] - y[i]) * inv;
        }
    }
}
