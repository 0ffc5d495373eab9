package org.lamina.neurons.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.lamina.neurons.krotov.InhibitionDynamics;

/**
 * Every integrator on problems with exact solutions: with no inhibition the Krotov–Hopfield
 * unit relaxes as {@code h(t) = I (1 - exp(-t/tau))}; halving dt divides the error by 2^order.
 */
abstract class IntegratorContractTest {

    abstract Integrator create(int dimension);

    /** Expected order of the global error (as it applies to a non-constant drive). */
    abstract int order();

    /** Error bound at dt = 0.05 tau over the test horizon. */
    abstract double tolerance();

    private static final float TAU = 1f;
    private static final float[] CURRENTS = {0.8f, -0.3f, 1.7f};

    /** Max error of h at t = 2 tau against the exact solution, integrating with step dt. */
    double relaxationError(float dt) {
        float[] h = new float[3];
        InhibitionDynamics d = new InhibitionDynamics(1, 3, TAU, 0f, 1f, CURRENTS.clone());
        Integrator integrator = create(3);
        int steps = Math.round(2f / dt);
        for (int s = 0; s < steps; s++) {
            integrator.step(d, h, dt);
        }
        double t = steps * dt;
        double err = 0;
        for (int i = 0; i < 3; i++) {
            err = Math.max(err, Math.abs(h[i] - CURRENTS[i] * (1 - Math.exp(-t / TAU))));
        }
        return err;
    }

    @Test
    void relaxesToTheExactSolutionWithoutInhibition() {
        assertEquals(0, relaxationError(0.05f), tolerance());
    }

    /** A nonlinear-in-time problem, y' = -y^2 (y(0) = 1, y = 1 / (1 + t)), shows the order. */
    double decayError(float dt) {
        OdeSystem f = new OdeSystem() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void derivative(float[] y, float[] dydt) {
                dydt[0] = -y[0] * y[0];
            }
        };
        float[] y = {1f};
        Integrator integrator = create(1);
        int steps = Math.round(1f / dt);
        for (int s = 0; s < steps; s++) {
            integrator.step(f, y, dt);
        }
        return Math.abs(y[0] - 1.0 / (1.0 + steps * dt));
    }

    @Test
    void halvingTheStepShowsTheConvergenceOrder() {
        // RK4's error reaches float32 rounding quickly: measure it at coarse steps.
        float dt = order() >= 4 ? 0.25f : 0.02f;
        double coarse = decayError(dt);
        double fine = decayError(dt / 2);
        double observed = Math.log(coarse / fine) / Math.log(2);
        assertEquals(order(), observed, 0.3, "errors " + coarse + " -> " + fine);
    }
}

class EulerTest extends IntegratorContractTest {
    @Override
    Integrator create(int dimension) {
        return new Euler(dimension);
    }

    @Override
    int order() {
        return 1;
    }

    @Override
    double tolerance() {
        return 0.02;
    }
}

class Rk4Test extends IntegratorContractTest {
    @Override
    Integrator create(int dimension) {
        return new Rk4(dimension);
    }

    @Override
    int order() {
        return 4;
    }

    @Override
    double tolerance() {
        return 1e-6;
    }
}

class ExponentialEulerTest extends IntegratorContractTest {
    @Override
    Integrator create(int dimension) {
        return new ExponentialEuler(dimension);
    }

    @Override
    int order() {
        return 1; // y' = -y^2 is not a linear-decay system: falls back to Euler
    }

    /** Exact for a constant drive: only float rounding remains. */
    @Override
    double tolerance() {
        return 1e-6;
    }
}
