package org.lamina.neurons.ode;

/** Forward Euler: {@code y += dt f(y)}. First order. */
public final class Euler implements Integrator {
    private final float[] k;

    public Euler(int dimension) {
        this.k = new float[dimension];
    }

    @Override
    public void step(OdeSystem system, float[] y, float dt) {
        system.derivative(y, k);
        for (int i = 0; i < k.length; i++) {
            y[i] += dt * k[i];
        }
    }

    @Override
    public String name() {
        return "euler";
    }
}
