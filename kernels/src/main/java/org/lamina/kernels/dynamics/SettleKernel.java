package org.lamina.kernels.dynamics;

import com.aparapi.Kernel;

/**
 * Settles one example per work item (dimension 0; dimension 1 has size 1): its units are stepped
 * in place, each step's drive taken from the summed rate at the start of the step, until the
 * largest change falls below {@code threshold = eps · dt} or {@code maxSteps}. The examples are
 * independent, so a minibatch is one launch. A top-level class with a single entry point
 * (Aparapi ignores named extra ones).
 */
final class SettleKernel extends Kernel {
    float[] currents = new float[1];
    float[] h = new float[1];
    int[] steps = new int[1];
    int[] settled = new int[1];
    int units;
    int batch;
    int maxSteps;
    /** The step factor a of {@code h += a (drive - h)}. */
    float a;
    float inhibition;
    float power;
    int relu;
    float threshold;

    @Override
    public void run() {
        int b = getGlobalId(0);
        if (b < batch) {
            int base = b * units;
            for (int i = 0; i < units; i++) {
                h[base + i] = 0f;
            }
            steps[b] = maxSteps;
            settled[b] = 0;
            boolean running = true;
            for (int step = 1; step <= maxSteps && running; step++) {
                float total = 0f;
                for (int i = 0; i < units; i++) {
                    total += rate(h[base + i]);
                }
                float largest = 0f;
                for (int i = 0; i < units; i++) {
                    float x = h[base + i];
                    float drive = currents[base + i] - inhibition * (total - rate(x));
                    float change = a * (drive - x);
                    h[base + i] = x + change;
                    largest = max(largest, abs(change));
                }
                if (largest < threshold) {
                    steps[b] = step;
                    settled[b] = 1;
                    running = false;
                }
            }
        }
    }

    private float rate(float x) {
        float r = 0f;
        if (x > 0f) {
            r = relu == 1 ? x : pow(x, power);
        }
        return r;
    }
}
