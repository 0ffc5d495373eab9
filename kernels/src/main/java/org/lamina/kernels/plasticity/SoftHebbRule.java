package org.lamina.kernels.plasticity;

import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.BackendSelection;

/**
 * The SoftHebb minibatch update of a {@code rows × cols} matrix for a {@code batch × cols}
 * input: {@code u = W x}; activations {@code y} per {@link SoftHebbParams.Variant};
 * {@code dW = y^T X - (sum_b y ∘ u)[:, None] * W}; normalised by {@code max|dW| + 1e-30}; then
 * {@code W_k += lr_k dW_k} with {@code lr_k = lr (| ||W_k||_2 - 1 | + 1e-10)^powerLr} from the
 * weights before this update. Sums over the batch (not means).
 */
public interface SoftHebbRule extends AutoCloseable {

    /** Updates {@code w} in place; returns {@code max|dW|} before normalisation. */
    double update(float[] w, int rows, int cols, float[] x, int batch);

    SoftHebbParams params();

    Backend backend();

    @Override
    default void close() {
    }

    /** The implementation for a selected backend. */
    static SoftHebbRule create(SoftHebbParams params, BackendSelection selection) {
        return switch (selection.backend()) {
            case REFERENCE -> new ReferenceSoftHebbRule(params);
            case JAVA -> new JavaSoftHebbRule(params);
            case OPENCL -> new OpenClSoftHebbRule(params, selection.device());
        };
    }

    /** Activations from the pre-activations {@code u} ({@code batch × rows}), written into {@code y}. */
    static void activations(SoftHebbParams p, double[] u, int batch, int rows, double[] y) {
        for (int b = 0; b < batch; b++) {
            int base = b * rows;
            int winner = base;
            for (int r = base + 1; r < base + rows; r++) {
                if (u[r] > u[winner]) {
                    winner = r;
                }
            }
            if (p.variant() == SoftHebbParams.Variant.HARD) {
                for (int r = base; r < base + rows; r++) {
                    y[r] = r == winner ? 1 : 0;
                }
                continue;
            }
            double sum = 0;
            for (int r = base; r < base + rows; r++) {
                y[r] = Math.exp(p.tInvert() * (u[r] - u[winner]));
                sum += y[r];
            }
            for (int r = base; r < base + rows; r++) {
                y[r] /= sum;
                if (p.variant() == SoftHebbParams.Variant.ANTI && r != winner) {
                    y[r] = -y[r];
                }
            }
        }
    }
}
