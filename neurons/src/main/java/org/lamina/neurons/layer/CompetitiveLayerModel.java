package org.lamina.neurons.layer;

import org.lamina.kernels.Kernels;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.neurons.wiring.ModelKernels;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StepInputs;

/**
 * The model of a hidden layer that learns without labels from the dense minibatches of its one
 * incoming projection, whose weights {@code w} ({@code rows × cols}) it owns: during phases that
 * let that projection learn each minibatch is a learning step ({@link #train}); in other phases it makes
 * the layer emit its features ({@link #emitFeatures}), for a readout. Per learning step it reports
 * {@code max_dw} (then {@link #reportStep}); every {@code reportEvery} steps {@code mean_row_norm} ({@link #meanRowNorm}) and
 * {@code units_ever_won} (units that won some example so far). At the step that ends each epoch
 * ({@code examplesPerEpoch} examples learnt from; a minibatch that crosses the boundary ends the
 * epoch) it reports {@code units_won_this_epoch} (units that won some example of the epoch) and
 * {@code top1pct_win_share} (the share of the epoch's wins held by the {@code ceil(size / 100)}
 * units that won most). A layer collapses when few units keep winning: fewer than half winning
 * in an epoch, or the top 1% holding most wins, shows it even where every unit won once early
 * on and {@code units_ever_won} stays at the layer's size.
 *
 * <p>A layer given a {@link SpikePresentation} also takes spike events: it counts each example's
 * spikes per input over a presentation's spike steps and, at the last of them, treats the rates
 * {@code counts / T} as that presentation's minibatch (learning from it or emitting features).
 * The presentations begin with the phase, shifted by the projection's delay. A presentation in
 * which nothing fired at all sends nothing on (no example has any input).
 *
 * <p>Checkpoints save the weights, the win counts, the counters and the open presentation's
 * spike counts; a layer adds what it keeps besides ({@link #saveLayer}, {@link #restoreLayer}).
 */
public abstract class CompetitiveLayerModel implements PopulationModel {
    protected final int rows;
    protected final int cols;
    protected final int batch;
    /** The weights, row-major {@code rows × cols}, updated in place. */
    protected final float[] w;
    /** The population's kernels (its rule comes from here too). */
    protected final Kernels kernels;
    protected final MatrixProduct product;
    private final String kind;
    private final int projection;
    private final int reportEvery;
    private final boolean[] everWon;
    private final long examplesPerEpoch;
    /** Wins per unit since the epoch began, and a scratch copy to rank them. */
    private final int[] epochWins;
    private final int[] rankedWins;
    private long examplesLearnt;
    private final int[] winners;
    private final int delay;
    private final SpikePresentation spikes;
    /** Spike counts of the open presentation, {@code batch × cols}, then its rates. */
    private final float[] rates;
    private boolean spikesArrived;
    private long phaseFirstStep = -1;
    private boolean learning;
    private long minibatches;

    /**
     * @param kind the model's name, for messages ({@code krotov-layer})
     * @param w    the initial weights of the one incoming projection (owned from here on)
     */
    protected CompetitiveLayerModel(PopulationContext ctx, String kind, float[] w, int reportEvery,
                                    long examplesPerEpoch) {
        this(ctx, kind, w, reportEvery, examplesPerEpoch, null);
    }

    /**
     * @param examplesPerEpoch examples learnt from that make one epoch of the per-epoch win report
     * @param spikes           how spike-coded input arrives, or null when the layer takes dense input only
     */
    protected CompetitiveLayerModel(PopulationContext ctx, String kind, float[] w, int reportEvery,
                                    long examplesPerEpoch, SpikePresentation spikes) {
        if (examplesPerEpoch < 1) {
            throw new IllegalArgumentException("examples per epoch must be >= 1, got " + examplesPerEpoch);
        }
        IncomingProjection in = ctx.incoming().get(0); // the descriptors check there is exactly one
        this.kind = kind;
        this.rows = ctx.size();
        this.cols = in.sourceSize();
        this.batch = ctx.batch();
        this.projection = in.id();
        this.w = w;
        this.reportEvery = reportEvery;
        this.kernels = ModelKernels.of(ctx);
        this.product = kernels.product();
        this.everWon = new boolean[rows];
        this.examplesPerEpoch = examplesPerEpoch;
        this.epochWins = new int[rows];
        this.rankedWins = new int[rows];
        this.winners = new int[batch];
        this.delay = in.delaySteps();
        this.spikes = spikes;
        this.rates = new float[spikes == null ? 0 : batch * cols];
    }

    /** Whether the layer is in a phase that lets its projection learn. */
    protected boolean learning() {
        return learning;
    }

    /**
     * Called for each arriving spike step of a presentation before the layer counts it; a layer
     * may accumulate what it needs from the events (currents, for instance).
     */
    protected void spikesArrived(SpikeEmission s, int presentationSteps) {
    }

    /**
     * A learning step on the rates {@code x} of a spike presentation; by default the same as a
     * dense minibatch ({@link #train}).
     */
    protected double trainOnSpikes(float[] x, int[] winners, Emitter out) {
        return train(x, winners, out);
    }

    /** One learning step on minibatch {@code x}: updates {@code w}, writes each example's winner, returns max |dW|. */
    protected abstract double train(float[] x, int[] winners, Emitter out);

    /** Emits the features of minibatch {@code x} (outside the learning phase). */
    protected abstract void emitFeatures(float[] x, Emitter out);

    /** The mean norm of the rows, in the norm the rule drives to 1. */
    protected abstract double meanRowNorm();

    /** Metrics a layer adds after {@code max_dw} on every learning step. */
    protected void reportStep(Emitter out) {
    }

    /** Metrics a layer adds to the periodic report. */
    protected void reportMore(Emitter out) {
    }

    /** Closes what the layer holds besides the product. */
    protected abstract void closeRule();

    /** Writes the state a layer keeps besides this class's (its names must differ from this class's). */
    protected abstract void saveLayer(ModelState out);

    /**
     * Restores what {@link #saveLayer} wrote, after this class restored {@code w}: a layer whose
     * rule or kernels derived anything from the weights must make them derive it again.
     */
    protected abstract void restoreLayer(ModelState in);

    @Override
    public boolean checkpointable() {
        return true;
    }

    @Override
    public void save(ModelState out) {
        out.put("weights", w);
        out.put("ever_won", everWon);
        out.put("epoch_wins", epochWins);
        out.put("examples_learnt", examplesLearnt);
        out.put("minibatches", minibatches);
        out.put("phase_first_step", phaseFirstStep);
        out.put("spike_counts", rates);
        out.put("spikes_arrived", spikesArrived);
        saveLayer(out);
    }

    @Override
    public void restore(ModelState in) {
        in.copyInto("weights", w);
        in.copyInto("ever_won", everWon);
        in.copyInto("epoch_wins", epochWins);
        examplesLearnt = in.number("examples_learnt");
        minibatches = in.number("minibatches");
        phaseFirstStep = in.number("phase_first_step");
        in.copyInto("spike_counts", rates);
        spikesArrived = in.flag("spikes_arrived");
        restoreLayer(in);
    }

    @Override
    public void phase(Phase phase, boolean begin) {
        learning = begin && phase.learns(projection);
        phaseFirstStep = -1;
        java.util.Arrays.fill(rates, 0f);
        spikesArrived = false;
    }

    @Override
    public void step(long step, StepInputs inputs, Emitter out) {
        if (phaseFirstStep < 0) {
            phaseFirstStep = step;
        }
        for (StepInputs.Arrival a : inputs.arrivals()) {
            if (a.emission() instanceof SpikeEmission s) {
                countSpikes(s);
                continue;
            }
            if (!(a.emission() instanceof DenseEmission d)) {
                continue;
            }
            if (d.width() != cols) {
                throw new IllegalStateException("a " + kind + " with " + cols + " inputs got a minibatch " + d.width()
                        + " wide");
            }
            if (!learning) {
                emitFeatures(d.values(), out);
                continue;
            }
            learnt(train(d.values(), winners, out), out);
        }
        if (spikes != null && spikesArrived
                && Math.floorMod(step - phaseFirstStep - delay, spikes.stepsPerPresentation()) == spikes.steps() - 1) {
            float scale = 1f / spikes.steps();
            for (int i = 0; i < rates.length; i++) {
                rates[i] *= scale;
            }
            if (learning) {
                learnt(trainOnSpikes(rates, winners, out), out);
            } else {
                emitFeatures(rates, out);
            }
            java.util.Arrays.fill(rates, 0f);
            spikesArrived = false;
        }
        afterStep(out);
    }

    /** Called at the end of every step, after the arrivals: a layer may emit what is due then. */
    protected void afterStep(Emitter out) {
    }

    private void countSpikes(SpikeEmission s) {
        if (spikes == null) {
            throw new IllegalStateException("a " + kind + " got spikes, but no dataset-input of the scenario sends its"
                    + " images as spikes (encoding = poisson or regular)");
        }
        if (s.batch() != batch) {
            throw new IllegalStateException("a " + kind + " of batch " + batch + " got spikes of " + s.batch()
                    + " examples");
        }
        spikesArrived(s, spikes.steps());
        int[] offsets = s.offsets();
        int[] indices = s.indices();
        for (int b = 0; b < batch; b++) {
            for (int e = offsets[b]; e < offsets[b + 1]; e++) {
                if (indices[e] >= cols) {
                    throw new IllegalStateException("a " + kind + " with " + cols + " inputs got a spike of input "
                            + indices[e]);
                }
                rates[b * cols + indices[e]] += 1f;
            }
        }
        spikesArrived = true;
    }

    /** Bookkeeping after a learning step that returned {@code maxDw}. */
    private void learnt(double maxDw, Emitter out) {
        for (int winner : winners) {
            if (winner >= 0) { // dynamics may leave an example with no active unit
                everWon[winner] = true;
                epochWins[winner]++;
            }
        }
        minibatches++;
        examplesLearnt += batch;
        out.metric("max_dw", maxDw);
        reportStep(out);
        if (minibatches % reportEvery == 0) {
            out.metric("mean_row_norm", meanRowNorm());
            int won = 0;
            for (boolean x : everWon) {
                won += x ? 1 : 0;
            }
            out.metric("units_ever_won", won);
            reportMore(out);
        }
        if (examplesLearnt / examplesPerEpoch > (examplesLearnt - batch) / examplesPerEpoch) {
            reportEpoch(out);
        }
    }

    /** {@code units_won_this_epoch} and {@code top1pct_win_share} of the epoch that just ended; starts the next. */
    private void reportEpoch(Emitter out) {
        int won = 0;
        long wins = 0;
        for (int n : epochWins) {
            won += n > 0 ? 1 : 0;
            wins += n;
        }
        System.arraycopy(epochWins, 0, rankedWins, 0, rows);
        java.util.Arrays.sort(rankedWins);
        int top = (rows + 99) / 100;
        long topWins = 0;
        for (int i = rows - top; i < rows; i++) {
            topWins += rankedWins[i];
        }
        out.metric("units_won_this_epoch", won);
        out.metric("top1pct_win_share", wins == 0 ? 0 : (double) topWins / wins); // no winner at all: nobody holds a share
        java.util.Arrays.fill(epochWins, 0);
    }

    @Override
    public float[] weights(int projectionId) {
        return projectionId == projection ? w : null;
    }

    @Override
    public long weightsVersion() {
        return minibatches; // every learning step updates w
    }

    @Override
    public void close() {
        try {
            closeRule();
        } finally {
            product.close();
        }
    }
}
