package org.lamina.kernels.dynamics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Fast Java settle: the examples are spread over the cores (each one's steps are its own, so
 * results do not depend on the thread count) and each step's two passes over the units (the
 * summed rate, then the update with the largest change) run in float vectors for the ReLU rate.
 */
public final class JavaInhibitionSettle implements InhibitionSettle {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final SettleParams params;
    private final ParallelLoop loop;

    public JavaInhibitionSettle(SettleParams params) {
        this(params, ParallelLoop.shared());
    }

    public JavaInhibitionSettle(SettleParams params, ParallelLoop loop) {
        this.params = params;
        this.loop = loop;
    }

    @Override
    public void settle(float[] currents, int batch, int units, float[] h, int[] steps, int[] settled) {
        InhibitionSettle.checkShapes(currents, batch, units, h, steps, settled);
        loop.forEach(batch, b -> settleOne(currents, b * units, units, h, steps, settled, b));
    }

    private void settleOne(float[] currents, int base, int units, float[] h, int[] steps, int[] settled, int b) {
        float a = (float) params.stepFactor();
        float w = (float) params.inhibition();
        float threshold = (float) (params.eps() * params.dt());
        boolean relu = params.relu();
        java.util.Arrays.fill(h, base, base + units, 0f);
        steps[b] = params.maxSteps();
        settled[b] = 0;
        for (int step = 1; step <= params.maxSteps(); step++) {
            float total = relu ? reluSum(h, base, units) : rateSum(h, base, units);
            float largest = relu ? reluStep(currents, h, base, units, a, w, total) : rateStep(currents, h, base, units,
                    a, w, total);
            if (largest < threshold) {
                steps[b] = step;
                settled[b] = 1;
                return;
            }
        }
    }

    private static float reluSum(float[] h, int base, int units) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int upper = S.loopBound(units); i < upper; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, h, base + i).max(0f));
        }
        float total = acc.reduceLanes(VectorOperators.ADD);
        for (; i < units; i++) {
            total += Math.max(h[base + i], 0f);
        }
        return total;
    }

    /** {@code h += a (I - w (total - r(h)) - h)} with r = ReLU; returns the largest change. */
    private static float reluStep(float[] currents, float[] h, int base, int units, float a, float w, float total) {
        FloatVector largest = FloatVector.zero(S);
        int i = 0;
        for (int upper = S.loopBound(units); i < upper; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, h, base + i);
            FloatVector inhibition = x.max(0f).neg().add(total).mul(w);
            FloatVector drive = FloatVector.fromArray(S, currents, base + i).sub(inhibition);
            FloatVector change = drive.sub(x).mul(a);
            x.add(change).intoArray(h, base + i);
            largest = largest.max(change.abs());
        }
        float max = largest.reduceLanes(VectorOperators.MAX);
        for (; i < units; i++) {
            max = Math.max(max, scalarStep(currents, h, base + i, a, w, total, Math.max(h[base + i], 0f)));
        }
        return max;
    }

    private float rateSum(float[] h, int base, int units) {
        float total = 0f;
        for (int i = base; i < base + units; i++) {
            total += rate(h[i]);
        }
        return total;
    }

    private float rateStep(float[] currents, float[] h, int base, int units, float a, float w, float total) {
        float max = 0f;
        for (int i = base; i < base + units; i++) {
            max = Math.max(max, scalarStep(currents, h, i, a, w, total, rate(h[i])));
        }
        return max;
    }

    private static float scalarStep(float[] currents, float[] h, int i, float a, float w, float total, float rate) {
        float drive = currents[i] - w * (total - rate);
        float change = a * (drive - h[i]);
        h[i] += change;
        return Math.abs(change);
    }

    private float rate(float x) {
        return x > 0f ? (float) Math.pow(x, params.ratePower()) : 0f;
    }

    @Override
    public SettleParams params() {
        return params;
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }
}
