package org.lamina.neurons.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lamina.neurons.krotov.InhibitionDynamics;

/**
 * Every integrator on problems with exact solutions: with no inhibition the Krotov–Hopfield
 * unit relaxes as {@code h(t) = I (1 - exp(-t/tau))}; on a general (not linear-decay) system,
 * halving dt divides the error by 2^order. Exponential Euler's own scheme, which only applies
 * to {@link LinearDecaySystem}s, is tested in {@link ExponentialEulerTest}.
 */
abstract class IntegratorContractTest {

    abstract Integrator create(int dimension);

    /** Expected order of the global error on a general system (not a {@link LinearDecaySystem}). */
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

    /** A general nonlinear problem, y' = -y^2 (y(0) = 1, y = 1 / (1 + t)), shows the order. */
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
    void halvingTheStepShowsTheOrderOnAGeneralSystem() {
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

/**
 * Exponential Euler: on a general system its forward-Euler fallback (the contract's order test);
 * on {@link LinearDecaySystem}s its own scheme, exact for a constant drive, first order for a
 * drive that changes over the step, and stable for any step. The stiff tests fail if the scheme
 * falls back to forward Euler, which multiplies the error by {@code 1 - dt/tau} per step.
 */
class ExponentialEulerTest extends IntegratorContractTest {
    @Override
    Integrator create(int dimension) {
        return new ExponentialEuler(dimension);
    }

    @Override
    int order() {
        return 1; // y' = -y^2 is not a linear-decay system: this is the forward-Euler fallback's order
    }

    /** Exact for a constant drive: only float rounding remains. */
    @Override
    double tolerance() {
        return 1e-6;
    }

    /**
     * {@code tau y' = -y + I(t)}, with the drive read from a clock {@code t} that the caller sets
     * to the start of each step (the drive is held over the step, as the scheme assumes).
     */
    private static final class Driven implements LinearDecaySystem {
        final float tau;
        final java.util.function.DoubleUnaryOperator current;
        double t;

        Driven(float tau, java.util.function.DoubleUnaryOperator current) {
            this.tau = tau;
            this.current = current;
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public float tau() {
            return tau;
        }

        @Override
        public void drive(float[] y, float[] out) {
            out[0] = (float) current.applyAsDouble(t);
        }
    }

    private static final double OMEGA = 2;

    /**
     * {@code tau y' = -y + sin(omega t)}, {@code y(0) = 0}:
     * {@code y = (sin(omega t) - omega tau cos(omega t) + omega tau e^(-t/tau)) / (1 + (omega tau)^2)}.
     */
    private static double sineResponse(double tau, double t) {
        double wt = OMEGA * tau;
        return (Math.sin(OMEGA * t) - wt * Math.cos(OMEGA * t) + wt * Math.exp(-t / tau)) / (1 + wt * wt);
    }

    /** Integrates {@code system} from y = 0 for {@code steps} steps of dt; returns the largest error against {@code exact}. */
    private static double maxError(Driven system, float dt, int steps, java.util.function.DoubleUnaryOperator exact) {
        float[] y = {0f};
        Integrator integrator = new ExponentialEuler(1);
        double err = 0;
        for (int s = 0; s < steps; s++) {
            system.t = s * (double) dt;
            integrator.step(system, y, dt);
            err = Math.max(err, Math.abs(y[0] - exact.applyAsDouble((s + 1) * (double) dt)));
        }
        return err;
    }

    private static double sineError(float tau, float dt, float horizon) {
        return maxError(new Driven(tau, t -> Math.sin(OMEGA * t)), dt, Math.round(horizon / dt),
                t -> sineResponse(tau, t));
    }

    @Test
    void aTimeVaryingDriveHeldOverTheStepGivesFirstOrder() {
        double coarse = sineError(1f, 0.02f, 2f);
        double fine = sineError(1f, 0.01f, 2f);
        double observed = Math.log(coarse / fine) / Math.log(2);
        assertEquals(1, observed, 0.2, "errors " + coarse + " -> " + fine);
    }

    @Test
    void aConstantDriveIsExactAtAnyStep() {
        float tau = 0.5f;
        float current = 0.7f;
        for (float dt : new float[] {0.05f, 0.5f, 5f}) { // dt = 0.1, 1 and 10 tau
            double err = maxError(new Driven(tau, t -> current), dt, 20,
                    t -> current * (1 - Math.exp(-t / tau)));
            assertEquals(0, err, 1e-6, "dt " + dt);
        }
    }

    @Test
    void aStiffDecayStaysBoundedWhereForwardEulerBlowsUp() {
        // dt = 10 tau: forward Euler multiplies the deviation by 1 - dt/tau = -9 per step. The
        // exponential scheme relaxes fully within a step, to the drive at the step's start, so it
        // trails y (about sin(omega t)) by at most the drive's change over one step, omega dt.
        float tau = 0.01f;
        float dt = 0.1f;
        double err = sineError(tau, dt, 2f);
        assertTrue(err <= OMEGA * dt, "error " + err);
    }
}
