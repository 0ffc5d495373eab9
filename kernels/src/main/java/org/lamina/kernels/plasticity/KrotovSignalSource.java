package org.lamina.kernels.plasticity;

import org.lamina.kernels.dynamics.ExactSteadyState;
import org.lamina.kernels.dynamics.InhibitionSettle;
import org.lamina.kernels.parallel.ParallelLoop;
import org.lamina.kernels.rank.TopRanks;

/**
 * The fast backends' learning signals from the currents, by {@link KrotovActivity}: the ranks
 * (always: they are the shortcut, and what the dynamics are compared with), then either the
 * shortcut's signals or the settled dynamics' {@code g(h)}, settled by the backend's own kernel
 * or, for the exact ReLU steady state, directly.
 */
final class KrotovSignalSource implements AutoCloseable {
    final KrotovSignals signals = new KrotovSignals();
    private final KrotovParams params;
    private final KrotovActivity activity;
    private final InhibitionSettle settle;
    private final TopRanks ranks;
    private int[] first = new int[0];
    private int[] kth = new int[0];
    private float[] h = new float[0];
    private int[] steps = new int[0];
    private int[] settled = new int[0];

    /** @param settle the backend's settle kernel for ODE dynamics, null otherwise (owned: closed with this) */
    KrotovSignalSource(KrotovParams params, KrotovActivity activity, InhibitionSettle settle) {
        if (activity instanceof KrotovActivity.Dynamics d && !d.exact() && settle == null) {
            throw new IllegalArgumentException("integrated dynamics need a settle kernel");
        }
        this.params = params;
        this.activity = activity;
        this.settle = settle;
        this.ranks = new TopRanks(params.k());
    }

    /** Signals of {@code currents} ({@code batch × rows}); {@code loop} spreads the ranking, or null. */
    void compute(float[] currents, int batch, int rows, ParallelLoop loop) {
        if (first.length < batch) {
            first = new int[batch];
            kth = new int[batch];
            steps = new int[batch];
            settled = new int[batch];
        }
        if (loop == null) {
            ranks.rank(currents, batch, rows, first, kth);
        } else {
            ranks.rank(currents, batch, rows, first, kth, loop);
        }
        float delta = (float) params.delta();
        if (!(activity instanceof KrotovActivity.Dynamics d)) {
            signals.fromRanks(first, kth, batch, rows, delta);
            return;
        }
        if (h.length != batch * rows) {
            h = new float[batch * rows];
        }
        if (d.exact()) {
            ExactSteadyState.solve(currents, batch, rows, d.settle().inhibition(), h, loop);
            java.util.Arrays.fill(steps, 0, batch, 0);
            java.util.Arrays.fill(settled, 0, batch, 1);
        } else {
            settle.settle(currents, batch, rows, h, steps, settled);
        }
        signals.fromSettled(h, batch, rows, d, delta, first, kth, steps, settled);
    }

    /** The last settled state into {@code out}; false for the ranking shortcut. */
    boolean lastSettled(float[] out) {
        if (!(activity instanceof KrotovActivity.Dynamics) || h.length != out.length) {
            return false;
        }
        System.arraycopy(h, 0, out, 0, out.length);
        return true;
    }

    /** Whether the dynamics' rows may be many (every unit of an example), not two per example. */
    boolean dense() {
        return activity instanceof KrotovActivity.Dynamics;
    }

    KrotovActivity activity() {
        return activity;
    }

    @Override
    public void close() {
        if (settle != null) {
            settle.close();
        }
    }
}
