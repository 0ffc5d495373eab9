package org.lamina.kernels.dynamics;

/**
 * How a minibatch of Krotov–Hopfield units settles: {@code tau dh/dt = I - w_inh sum_{nu != mu}
 * r(h_nu) - h} with {@code r(h) = max(h, 0)^n}, from {@code h = 0}, stepped by {@code integrator}
 * ({@code euler} or {@code exponential-euler}) with step {@code dt} until
 * {@code max_mu |dh/dt| < eps} for the example (each example stops on its own) or {@code maxSteps}.
 *
 * @param inhibition w_inh
 * @param ratePower  n
 * @param eps        the steady-state tolerance on {@code |dh/dt|}, per unit of time
 */
public record SettleParams(double inhibition, double tau, double dt, double ratePower, String integrator, double eps,
                           int maxSteps) {
    public SettleParams {
        if (!(inhibition >= 0) || Double.isInfinite(inhibition)) {
            throw new IllegalArgumentException("inhibition must be finite and >= 0, got " + inhibition);
        }
        if (!(tau > 0) || !(dt > 0) || Double.isInfinite(tau) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("tau and dt must be finite and > 0, got " + tau + ", " + dt);
        }
        if (!(ratePower >= 1) || Double.isInfinite(ratePower)) {
            throw new IllegalArgumentException("the rate power must be >= 1, got " + ratePower);
        }
        if (!integrator.equals("euler") && !integrator.equals("exponential-euler")) {
            throw new IllegalArgumentException("the settle integrator is euler or exponential-euler, got '" + integrator
                    + "'");
        }
        if (!(eps > 0) || maxSteps < 1) {
            throw new IllegalArgumentException("eps must be > 0 and max steps >= 1, got " + eps + ", " + maxSteps);
        }
    }

    public boolean exponentialEuler() {
        return integrator.equals("exponential-euler");
    }

    /** Whether r is the plain ReLU, whose steady state {@link ExactSteadyState} gives directly. */
    public boolean relu() {
        return ratePower == 1;
    }

    /** The factor on {@code (drive - h)} per step: {@code dt / tau}, or {@code 1 - e^(-dt/tau)}. */
    public double stepFactor() {
        return exponentialEuler() ? -Math.expm1(-dt / tau) : dt / tau;
    }
}
