package org.lamina.kernels.supervised;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.product.OpenClMatrixProduct;

/**
 * Aparapi OpenCL readout: the logits by the OpenCL product (one work item per logit), {@code dW}
 * by the OpenCL Counter-Hebb rule (one work item per weight). The bias, the output error
 * ({@link SoftmaxReadout#outputError}, in double) and the bias gradient stay on the host: they
 * are O(batch · classes), nothing next to the two products. Both kernels throw
 * {@link BackendUnavailableException} rather than run on Java threads. Not thread-safe; close it
 * to release the kernels.
 */
public final class OpenClSoftmaxReadout implements SoftmaxReadout {
    private final OpenClMatrixProduct product;
    private final OpenClCounterHebbRule counterHebb;

    public OpenClSoftmaxReadout(OpenCLDevice device) {
        if (device == null) {
            throw new BackendUnavailableException("the OpenCL softmax readout needs an OpenCL device");
        }
        this.product = new OpenClMatrixProduct(device);
        this.counterHebb = new OpenClCounterHebbRule(device);
    }

    @Override
    public void logits(float[] w, float[] bias, int classes, int features, float[] h, int batch, float[] z) {
        SoftmaxReadout.checkShapes(w, bias, classes, features, h, batch, z);
        product.multiply(w, classes, features, h, batch, z);
        if (bias != null) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < classes; k++) {
                    z[b * classes + k] += bias[k];
                }
            }
        }
    }

    @Override
    public void gradient(float[] dz, float[] h, int classes, int features, int batch, BatchReduction reduction,
                         float[] dw, float[] db) {
        counterHebb.gradient(dz, classes, h, features, batch, reduction, dw);
        if (db != null) {
            CounterHebbRule.biasGradient(dz, classes, batch, reduction, db);
        }
    }

    /** Whether both kernels ran as OpenCL on their last call (for tests and reports). */
    public boolean isRunningCL() {
        return product.isRunningCL() && counterHebb.isRunningCL();
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        product.close();
        counterHebb.close();
    }
}
