package org.lamina.kernels.supervised;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.product.OpenClMatrixProduct;

/**
 * Aparapi OpenCL readout: the logits by the OpenCL product (one work item per logit), {@code dW}
 * by the OpenCL Counter-Hebb rule (one work item per weight). The bias, the output error
 * ({@link OutputLoss}, in double) and the bias gradient stay on the host: they
 * are O(batch · classes), nothing next to the two products. Both kernels throw
 * {@link BackendUnavailableException} rather than run on Java threads. Not thread-safe; close it
 * to release the kernels.
 */
public final class OpenClSoftmaxReadout extends ComposedSoftmaxReadout {
    private final OpenClMatrixProduct product;
    private final OpenClCounterHebbRule counterHebb;

    public OpenClSoftmaxReadout(OpenCLDevice device) {
        this(device == null ? null : new OpenClMatrixProduct(device), device == null ? null : new OpenClCounterHebbRule(device));
    }

    private OpenClSoftmaxReadout(OpenClMatrixProduct product, OpenClCounterHebbRule counterHebb) {
        super(require(product), counterHebb);
        this.product = product;
        this.counterHebb = counterHebb;
    }

    private static OpenClMatrixProduct require(OpenClMatrixProduct product) {
        if (product == null) {
            throw new BackendUnavailableException("the OpenCL softmax readout needs an OpenCL device");
        }
        return product;
    }

    /** Whether both kernels ran as OpenCL on their last call (for tests and reports). */
    public boolean isRunningCL() {
        return product.isRunningCL() && counterHebb.isRunningCL();
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }
}
