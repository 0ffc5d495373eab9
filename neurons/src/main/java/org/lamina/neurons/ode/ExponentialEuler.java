package org.lamina.neurons.ode;

/**
 * Exponential Euler for {@code tau dy/dt = g(y) - y}: {@code y ← g + (y - g) e^(-dt/tau)} with
 * g evaluated at the start of the step. Exact when g is constant over the step, first order
 * otherwise, and stable for any step size. Falls back to forward Euler for systems that are not
 * {@link LinearDecaySystem}s.
 */
public final class ExponentialEuler implements Integrator {
    private final float[] g;
    private float cachedTau = Float.NaN;
    private float cachedDt = Float.NaN;
    private float decay;

    public ExponentialEuler(int dimension) {
        this.g = new float[dimension];
    }

    @Override
    public void step(OdeSystem system, float[] y, float dt) {
        if (!(system instanceof LinearDecaySystem s)) {
            system.derivative(y, g);
            for (int i = 0; i < g.length; i++) {
                y[i] += dt * g[i];
            }
            return;
        }
        if (s.tau() != cachedTau || dt != cachedDt) {
            cachedTau = s.tau();
            cachedDt = dt;
            decay = (float) Math.exp(-(double) dt / s.tau());
        }
        s.drive(y, g);
        for (int i = 0; i < g.length; i++) {
            y[i] = g[i] + (y[i] - g[i]) * decay;
        }
    }

    @Override
    public String name() {
        return "exponential-euler";
    }
}
