package org.lamina.neurons.krotov;

import org.lamina.neurons.ode.Integrator;

/**
 * Integrates {@link InhibitionDynamics} until every example is at steady state
 * ({@code max_mu |dh/dt| < eps}, estimated from the last step) or a step cap is reached, and
 * reports per example: steps to settle, active units (h > 0), the winner (largest h among the
 * active units, -1 if none) and whether it converged. Reuses its arrays between calls.
 */
public final class Settling {
    private final InhibitionDynamics dynamics;
    private final Integrator integrator;
    private final float[] previous;
    private final int[] settleSteps;
    private final int[] activeUnits;
    private final int[] winners;
    private final boolean[] converged;

    public Settling(InhibitionDynamics dynamics, Integrator integrator) {
        this.dynamics = dynamics;
        this.integrator = integrator;
        this.previous = new float[dynamics.dimension()];
        this.settleSteps = new int[dynamics.batch()];
        this.activeUnits = new int[dynamics.batch()];
        this.winners = new int[dynamics.batch()];
        this.converged = new boolean[dynamics.batch()];
    }

    /**
     * Runs from the state in {@code h} (updated in place) with step {@code dt}; returns the
     * number of steps taken.
     */
    public int run(float[] h, float dt, float eps, int maxSteps) {
        int batch = dynamics.batch();
        int units = dynamics.units();
        java.util.Arrays.fill(converged, false);
        java.util.Arrays.fill(settleSteps, maxSteps);
        int remaining = batch;
        int step = 0;
        while (remaining > 0 && step < maxSteps) {
            System.arraycopy(h, 0, previous, 0, h.length);
            integrator.step(dynamics, h, dt);
            step++;
            for (int b = 0; b < batch; b++) {
                if (converged[b]) {
                    continue;
                }
                float maxRate = 0f;
                for (int i = b * units; i < (b + 1) * units; i++) {
                    maxRate = Math.max(maxRate, Math.abs(h[i] - previous[i]));
                }
                if (maxRate / dt < eps) {
                    converged[b] = true;
                    settleSteps[b] = step;
                    remaining--;
                }
            }
        }
        summarise(h);
        return step;
    }

    private void summarise(float[] h) {
        int units = dynamics.units();
        for (int b = 0; b < dynamics.batch(); b++) {
            int active = 0;
            int winner = -1;
            float best = 0f;
            for (int i = 0; i < units; i++) {
                float v = h[b * units + i];
                if (v > 0f) {
                    active++;
                    if (v > best) {
                        best = v;
                        winner = i;
                    }
                }
            }
            activeUnits[b] = active;
            winners[b] = winner;
        }
    }

    /** Steps each example needed to settle (the cap if it did not). */
    public int[] settleSteps() {
        return settleSteps;
    }

    public int[] activeUnits() {
        return activeUnits;
    }

    /** Per example, the active unit with the largest h, or -1 if no unit is active. */
    public int[] winners() {
        return winners;
    }

    public boolean[] converged() {
        return converged;
    }
}
