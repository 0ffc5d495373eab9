package org.lamina.kernels.spikes;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.DeviceKernel;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Aparapi OpenCL accumulation: the events are folded on the host ({@link FoldedEvents}, O(events))
 * and one work item per current sums its example's columns ({@link AccumulationKernel}). The
 * weights go to the device once per {@link #loadWeights}, input-major; each call sends only the
 * folded events (and the currents when it adds to them) and gets the currents back. Every run
 * must report {@code isRunningCL()} or it throws {@link BackendUnavailableException}. Not
 * thread-safe; close it to release the kernel.
 */
public final class OpenClSpikeAccumulation implements SpikeAccumulation {
    private final DeviceKernel<AccumulationKernel> kernel;
    private final FoldedEvents folded = new FoldedEvents();
    private final ParallelLoop loop;
    private float[] columns = new float[0];
    private boolean columnsSent;
    private int units;
    private int inputs;

    public OpenClSpikeAccumulation(OpenCLDevice device) {
        this(device, ParallelLoop.shared());
    }

    /** {@code loop} folds the events on the host. */
    public OpenClSpikeAccumulation(OpenCLDevice device, ParallelLoop loop) {
        this.kernel = new DeviceKernel<>(new AccumulationKernel(), device, "spike accumulation");
        this.loop = loop;
    }

    @Override
    public void loadWeights(float[] weights, int units, int inputs) {
        SpikeAccumulation.checkWeights(weights, units, inputs);
        if (columns.length != units * inputs) {
            columns = new float[units * inputs];
        }
        for (int u = 0; u < units; u++) {
            for (int i = 0; i < inputs; i++) {
                columns[i * units + u] = weights[u * inputs + i];
            }
        }
        this.units = units;
        this.inputs = inputs;
        columnsSent = false;
    }

    @Override
    public void add(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, float[] currents) {
        accumulate(batch, offsets, inputIndices, eventWeights, gain, currents, true);
    }

    @Override
    public void write(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain, float[] currents) {
        accumulate(batch, offsets, inputIndices, eventWeights, gain, currents, false);
    }

    private void accumulate(int batch, int[] offsets, int[] inputIndices, float[] eventWeights, float gain,
                            float[] currents, boolean keep) {
        SpikeAccumulation.checkShapes(units, inputs, batch, offsets, inputIndices, eventWeights, currents);
        folded.fold(batch, offsets, inputIndices, eventWeights, gain, inputs, loop);
        AccumulationKernel k = kernel.kernel();
        k.columns = columns;
        k.starts = folded.starts;
        k.counts = folded.counts;
        k.inputs = folded.inputs;
        k.coefficients = folded.coefficients;
        k.currents = currents;
        k.units = units;
        k.keep = keep ? 1 : 0;
        if (!columnsSent) {
            kernel.put(columns);
            columnsSent = true;
        }
        kernel.put(folded.starts).put(folded.counts).put(folded.inputs).put(folded.coefficients);
        if (keep) {
            kernel.put(currents);
        }
        kernel.run(units, batch).get(currents);
    }

    /** Whether the last run executed as OpenCL (tests). */
    public boolean isRunningCL() {
        return kernel.isRunningCL();
    }

    @Override
    public int units() {
        return units;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        kernel.close();
    }
}
