package org.lamina.neurons.ode;

/** Classical fourth-order Runge–Kutta. */
public final class Rk4 implements Integrator {
    private final float[] k1;
    private final float[] k2;
    private final float[] k3;
    private final float[] k4;
    private final float[] tmp;

    public Rk4(int dimension) {
        k1 = new float[dimension];
        k2 = new float[dimension];
        k3 = new float[dimension];
        k4 = new float[dimension];
        tmp = new float[dimension];
    }

    @Override
    public void step(OdeSystem system, float[] y, float dt) {
        int n = k1.length;
        float half = 0.5f * dt;
        system.derivative(y, k1);
        for (int i = 0; i < n; i++) {
            tmp[i] = y[i] + half * k1[i];
        }
        system.derivative(tmp, k2);
        for (int i = 0; i < n; i++) {
            tmp[i] = y[i] + half * k2[i];
        }
        system.derivative(tmp, k3);
        for (int i = 0; i < n; i++) {
            tmp[i] = y[i] + dt * k3[i];
        }
        system.derivative(tmp, k4);
        float sixth = dt / 6f;
        for (int i = 0; i < n; i++) {
            y[i] += sixth * (k1[i] + 2f * k2[i] + 2f * k3[i] + k4[i]);
        }
    }

    @Override
    public String name() {
        return "rk4";
    }
}
