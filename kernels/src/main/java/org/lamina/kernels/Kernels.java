package org.lamina.kernels;

import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.dynamics.InhibitionSettle;
import org.lamina.kernels.dynamics.JavaInhibitionSettle;
import org.lamina.kernels.dynamics.OpenClInhibitionSettle;
import org.lamina.kernels.dynamics.ReferenceInhibitionSettle;
import org.lamina.kernels.dynamics.SettleParams;
import org.lamina.kernels.plasticity.JavaKrotovRule;
import org.lamina.kernels.plasticity.JavaSoftHebbRule;
import org.lamina.kernels.plasticity.KrotovActivity;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.plasticity.OpenClKrotovRule;
import org.lamina.kernels.plasticity.OpenClSoftHebbRule;
import org.lamina.kernels.plasticity.ReferenceKrotovRule;
import org.lamina.kernels.plasticity.ReferenceSoftHebbRule;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.kernels.product.JavaMatrixProduct;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.product.OpenClMatrixProduct;
import org.lamina.kernels.product.ReferenceMatrixProduct;
import org.lamina.kernels.spikes.JavaSpikeAccumulation;
import org.lamina.kernels.spikes.OpenClSpikeAccumulation;
import org.lamina.kernels.spikes.ReferenceSpikeAccumulation;
import org.lamina.kernels.spikes.SpikeAccumulation;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.kernels.supervised.ErrorPropagation;
import org.lamina.kernels.supervised.JavaCounterHebbRule;
import org.lamina.kernels.supervised.JavaErrorPropagation;
import org.lamina.kernels.supervised.JavaSoftmaxReadout;
import org.lamina.kernels.supervised.OpenClCounterHebbRule;
import org.lamina.kernels.supervised.OpenClErrorPropagation;
import org.lamina.kernels.supervised.OpenClSoftmaxReadout;
import org.lamina.kernels.supervised.ReferenceCounterHebbRule;
import org.lamina.kernels.supervised.ReferenceErrorPropagation;
import org.lamina.kernels.supervised.ReferenceSoftmaxReadout;
import org.lamina.kernels.supervised.SoftmaxReadout;

/**
 * The one place kernels come from: made from a {@link BackendSelection} (chosen once per run),
 * it hands out each kernel's implementation for that backend. Each call makes a new instance,
 * which the caller owns and closes (OpenCL instances hold device kernels). Immutable, so one
 * factory can serve every population of a run; a population may be given its own (another
 * backend) by whoever starts the run.
 */
public final class Kernels {
    private final BackendSelection selection;

    private Kernels(BackendSelection selection) {
        if (selection == null) {
            throw new IllegalArgumentException("a kernel factory needs a backend selection");
        }
        this.selection = selection;
    }

    /** The factory for a backend already selected. */
    public static Kernels of(BackendSelection selection) {
        return new Kernels(selection);
    }

    /** Selects for {@code request} ({@link BackendSelection#select}) and makes the factory. */
    public static Kernels select(BackendRequest request) {
        return of(BackendSelection.select(request));
    }

    /** The Java backend (Vector API, every core), explicitly: for tests, benchmarks and tools. */
    public static Kernels java() {
        return select(BackendRequest.JAVA);
    }

    public BackendSelection selection() {
        return selection;
    }

    public Backend backend() {
        return selection.backend();
    }

    /** The batched product {@code out = W v} (input currents). */
    public MatrixProduct product() {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceMatrixProduct();
            case JAVA -> new JavaMatrixProduct();
            case OPENCL -> new OpenClMatrixProduct(selection.device());
        };
    }

    /** Input currents from spike events, column by column ({@code W · counts}); load the weights first. */
    public SpikeAccumulation spikeAccumulation() {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceSpikeAccumulation();
            case JAVA -> new JavaSpikeAccumulation();
            case OPENCL -> new OpenClSpikeAccumulation(selection.device());
        };
    }

    /** The Krotov–Hopfield minibatch rule with the ranking shortcut. */
    public KrotovRule krotov(KrotovParams params) {
        return krotov(params, KrotovActivity.RANKING);
    }

    /** The Krotov–Hopfield minibatch rule, its signals from {@code activity} (the shortcut, or settled dynamics). */
    public KrotovRule krotov(KrotovParams params, KrotovActivity activity) {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceKrotovRule(params, activity);
            case JAVA -> new JavaKrotovRule(params, activity);
            case OPENCL -> new OpenClKrotovRule(params, activity, selection.device());
        };
    }

    /** Settling the lateral-inhibition dynamics of a minibatch. */
    public InhibitionSettle settle(SettleParams params) {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceInhibitionSettle(params);
            case JAVA -> new JavaInhibitionSettle(params);
            case OPENCL -> new OpenClInhibitionSettle(params, selection.device());
        };
    }

    /** The SoftHebb minibatch rule. */
    public SoftHebbRule softHebb(SoftHebbParams params) {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceSoftHebbRule(params);
            case JAVA -> new JavaSoftHebbRule(params);
            case OPENCL -> new OpenClSoftHebbRule(params, selection.device());
        };
    }

    /** The Counter-Hebb update {@code dW = reduce_b delta_b ⊗ a_b}. */
    public CounterHebbRule counterHebb() {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceCounterHebbRule();
            case JAVA -> new JavaCounterHebbRule();
            case OPENCL -> new OpenClCounterHebbRule(selection.device());
        };
    }

    /** Error propagation through the feedback matrix of {@code feedback}. */
    public ErrorPropagation errorPropagation(ErrorFeedback feedback) {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceErrorPropagation(feedback);
            case JAVA -> new JavaErrorPropagation(feedback);
            case OPENCL -> new OpenClErrorPropagation(feedback, selection.device());
        };
    }

    /** The softmax cross-entropy readout (logits and gradients). */
    public SoftmaxReadout softmaxReadout() {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceSoftmaxReadout();
            case JAVA -> new JavaSoftmaxReadout();
            case OPENCL -> new OpenClSoftmaxReadout(selection.device());
        };
    }

    @Override
    public String toString() {
        return "Kernels[" + selection.summary() + "]";
    }
}
