package org.lamina.kernels.supervised;

import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.DeviceKernel;

/**
 * Aparapi OpenCL error propagation: the product with the feedback matrix and the derivative
 * gate in one kernel ({@link ErrorPropagationKernel}, one work item per output element over a
 * (target unit, example) range), reading the matrix in its stored layout for every mode, so
 * nothing is transposed or copied on the host. The matrix is sent on every call: BP's changes
 * with every step, and a caller may change a fixed B too. Run through {@link DeviceKernel}: every
 * run must report {@code isRunningCL()} or the call throws {@link BackendUnavailableException},
 * never a silent Java-thread fallback. Not thread-safe; close it to release the kernel.
 */
public final class OpenClErrorPropagation implements ErrorPropagation {
    private final ErrorFeedback feedback;
    private final DeviceKernel<ErrorPropagationKernel> cl;

    public OpenClErrorPropagation(ErrorFeedback feedback, OpenCLDevice device) {
        this.cl = new DeviceKernel<>(new ErrorPropagationKernel(),
                DeviceKernel.requireDevice(device, "the OpenCL error propagation"), "error propagation kernel");
        this.feedback = feedback;
        ErrorPropagationKernel kernel = cl.kernel();
        kernel.signSymmetry = feedback.mode() == ErrorFeedback.Mode.SIGN_SYMMETRY ? 1 : 0;
        kernel.signScale = (float) feedback.signScale();
        kernel.derivative = switch (feedback.activation()) {
            case RELU -> ErrorPropagationKernel.RELU;
            case TANH -> ErrorPropagationKernel.TANH;
            case IDENTITY -> ErrorPropagationKernel.IDENTITY;
        };
    }

    @Override
    public void propagate(float[] matrix, int rows, int cols, float[] error, float[] activity, int batch, float[] out) {
        ErrorFeedback.Mode mode = feedback.mode();
        ErrorPropagation.checkShapes(mode, matrix, rows, cols, error, activity, batch, out);
        boolean direct = mode == ErrorFeedback.Mode.DFA;
        int nTarget = direct ? rows : cols;
        ErrorPropagationKernel kernel = cl.kernel();
        kernel.matrix = matrix;
        kernel.error = error;
        kernel.activity = activity;
        kernel.out = out;
        kernel.nError = direct ? cols : rows;
        kernel.nTarget = nTarget;
        kernel.targetStride = direct ? cols : 1;
        kernel.errorStride = direct ? 1 : cols;
        cl.put(matrix).put(error).put(activity).run(nTarget, batch).get(out);
    }

    /** Whether the last run executed as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return cl.isRunningCL();
    }

    @Override
    public ErrorFeedback feedback() {
        return feedback;
    }

    @Override
    public Backend backend() {
        return Backend.OPENCL;
    }

    @Override
    public void close() {
        cl.close();
    }
}
