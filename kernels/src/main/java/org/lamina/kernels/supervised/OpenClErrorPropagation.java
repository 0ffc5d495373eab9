package org.lamina.kernels.supervised;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenCl;
import org.lamina.kernels.backend.BackendUnavailableException;

/**
 * Aparapi OpenCL error propagation: the product with the feedback matrix and the derivative
 * gate in one kernel ({@link ErrorPropagationKernel}, one work item per output element over a
 * (target unit, example) range), reading the matrix in its stored layout for every mode, so
 * nothing is transposed or copied on the host. The matrix is sent on every call: BP's changes
 * with every step, and a caller may change a fixed B too. The range comes from the device, so a
 * kernel that cannot be translated throws instead of silently running on Java threads, and
 * every run must report {@code isRunningCL()} or the call throws
 * {@link BackendUnavailableException}. The range is kept while the shape stays the same. Not
 * thread-safe; close it to release the kernel.
 */
public final class OpenClErrorPropagation implements ErrorPropagation {
    private final ErrorFeedback feedback;
    private final OpenCLDevice device;
    private final ErrorPropagationKernel kernel = new ErrorPropagationKernel();
    private Range range;

    public OpenClErrorPropagation(ErrorFeedback feedback, OpenCLDevice device) {
        if (device == null) {
            throw new BackendUnavailableException("the OpenCL error propagation needs an OpenCL device");
        }
        this.feedback = feedback;
        this.device = device;
        kernel.setExplicit(true);
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
        kernel.matrix = matrix;
        kernel.error = error;
        kernel.activity = activity;
        kernel.out = out;
        kernel.nError = direct ? cols : rows;
        kernel.nTarget = nTarget;
        kernel.targetStride = direct ? cols : 1;
        kernel.errorStride = direct ? 1 : cols;
        kernel.put(matrix).put(error).put(activity);
        if (range == null || range.getGlobalSize(0) != nTarget || range.getGlobalSize(1) != batch) {
            range = device.createRange2D(nTarget, batch);
        }
        OpenCl.execute(kernel, range, "error propagation kernel", device);
        kernel.get(out);
    }

    /** Whether the last run executed as OpenCL (for tests and reports). */
    public boolean isRunningCL() {
        return kernel.isRunningCL();
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
        kernel.dispose();
    }
}
