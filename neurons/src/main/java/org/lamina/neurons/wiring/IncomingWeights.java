package org.lamina.neurons.wiring;

import java.util.List;
import org.lamina.kernels.SynapticCurrents;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.Emission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.PopulationContext;

/**
 * The weights a population owns for its incoming projections (post × pre, row-major, drawn
 * from each projection's own stream) and the one way input arrives through them: a spike
 * emission or dense activity adds {@code W · x} to a {@code batch × post} current buffer.
 * Dense input goes through the batched product of the population's kernels
 * ({@link ModelKernels}); sparse spikes through the scalar column gather. Close it to release the kernels.
 */
public final class IncomingWeights implements AutoCloseable {
    private final int batch;
    private final int post;
    private final int[] ids;
    private final int[] preSizes;
    private final float[][] weights;
    private final MatrixProduct product;
    private final float[] scratch;

    public IncomingWeights(PopulationContext ctx) {
        this.batch = ctx.batch();
        this.post = ctx.size();
        List<IncomingProjection> in = ctx.incoming();
        this.ids = new int[in.size()];
        this.preSizes = new int[in.size()];
        this.weights = new float[in.size()][];
        for (int k = 0; k < in.size(); k++) {
            ids[k] = in.get(k).id();
            preSizes[k] = in.get(k).sourceSize();
            weights[k] = in.get(k).initialWeights();
        }
        this.product = ModelKernels.of(ctx).product();
        this.scratch = new float[batch * post];
    }

    /** The backend dense input runs on. */
    public Backend backend() {
        return product.backend();
    }

    /** Number of incoming projections. */
    public int count() {
        return ids.length;
    }

    /** Position of projection {@code id} among the incoming ones. */
    public int slot(int projection) {
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] == projection) {
                return k;
            }
        }
        throw new IllegalArgumentException("projection " + projection + " does not end at this population");
    }

    /** Live weights of the projection in {@code slot}. */
    public float[] bySlot(int slot) {
        return weights[slot];
    }

    /** Live weights of projection {@code id}. */
    public float[] of(int projection) {
        return weights[slot(projection)];
    }

    /** Adds {@code W · x} for an emission of projection {@code projection} into {@code out}. */
    public void addInput(int projection, Emission e, float[] out) {
        int k = slot(projection);
        addInput(k, weights[k], e, out);
    }

    /**
     * Adds {@code M · x} with a matrix of the same shape as the slot's weights (for example a
     * transformed copy such as the p-norm overlap matrix).
     */
    public void addInput(int slot, float[] matrix, Emission e, float[] out) {
        if (e instanceof SpikeEmission s) {
            SynapticCurrents.addSpikes(matrix, post, preSizes[slot], batch, s.offsets(), s.indices(), out);
        } else if (e instanceof DenseEmission d) {
            product.multiply(matrix, post, preSizes[slot], d.values(), batch, scratch);
            for (int i = 0; i < scratch.length; i++) {
                out[i] += scratch[i];
            }
        }
    }

    @Override
    public void close() {
        product.close();
    }
}
