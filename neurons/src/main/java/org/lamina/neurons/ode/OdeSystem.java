package org.lamina.neurons.ode;

/**
 * A system {@code dy/dt = f(y)} of {@link #dimension()} floats, autonomous within a step
 * (inputs held constant over the step). Implementations write into the caller's array and
 * allocate nothing.
 */
public interface OdeSystem {
    int dimension();

    /** Writes {@code f(y)} into {@code dydt}. */
    void derivative(float[] y, float[] dydt);
}
