package org.lamina.neurons.ode;

/**
 * Advances {@code y} by one step of size {@code dt} in place. An integrator instance owns its
 * scratch space for one dimension and allocates nothing per step.
 */
public interface Integrator {
    void step(OdeSystem system, float[] y, float dt);

    /** Name as used in scenarios: {@code euler}, {@code exponential-euler}, {@code rk4}. */
    String name();

    /** Creates the integrator named {@code name} for systems of {@code dimension} floats. */
    static Integrator named(String name, int dimension) {
        return switch (name) {
            case "euler" -> new Euler(dimension);
            case "exponential-euler", "exp-euler" -> new ExponentialEuler(dimension);
            case "rk4" -> new Rk4(dimension);
            default -> throw new IllegalArgumentException("unknown integrator '" + name
                    + "'; expected euler, exponential-euler or rk4");
        };
    }
}
