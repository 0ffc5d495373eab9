package org.lamina.kernels.spikes;

import com.aparapi.Kernel;

/**
 * One work item per current over a 2-D range (unit, example): the example's folded inputs
 * ({@link FoldedEvents}), each one's coefficient times its weight read from the input-major
 * {@code columns} ({@code inputs × units}, so neighbouring work items read neighbouring floats),
 * added to the current ({@code keep = 1}) or written over it. A top-level class with a single
 * entry point (Aparapi ignores named extra ones).
 */
final class AccumulationKernel extends Kernel {
    float[] columns = new float[1];
    int[] starts = new int[1];
    int[] counts = new int[1];
    int[] inputs = new int[1];
    float[] coefficients = new float[1];
    float[] currents = new float[1];
    int units;
    int keep;

    @Override
    public void run() {
        int u = getGlobalId(0);
        int b = getGlobalId(1);
        int from = starts[b];
        int to = from + counts[b];
        float sum = 0f;
        for (int m = from; m < to; m++) {
            sum += coefficients[m] * columns[inputs[m] * units + u];
        }
        int o = b * units + u;
        if (keep == 1) {
            currents[o] = currents[o] + sum;
        } else {
            currents[o] = sum;
        }
    }
}
