package org.lamina.kernels.plasticity;

/**
 * Parameters of the Krotov–Hopfield minibatch rule (REFERENCES.md): overlap power {@code p},
 * the rank {@code k} that gets the anti-Hebbian {@code -delta}, and the precision floor of the
 * normalisation {@code W += eps · dW / max(max|dW|, precision)}.
 */
public record KrotovParams(double p, int k, double delta, double precision) {
    public KrotovParams {
        if (!(p >= 2)) {
            throw new IllegalArgumentException("p must be >= 2, got " + p);
        }
        if (k < 2) {
            throw new IllegalArgumentException("k must be >= 2, got " + k);
        }
        if (!(delta >= 0)) {
            throw new IllegalArgumentException("delta must be >= 0, got " + delta);
        }
        if (!(precision > 0)) {
            throw new IllegalArgumentException("precision must be > 0, got " + precision);
        }
    }

    /** The paper's MNIST settings: p = 3, k = 7, Delta = 0.4, precision 1e-30. */
    public static KrotovParams paper() {
        return new KrotovParams(3, 7, 0.4, 1e-30);
    }

    /** Per-epoch linear anneal of the learning rate: {@code eps0 · (1 - epoch / epochs)}. */
    public static double annealedRate(double eps0, int epoch, int epochs) {
        return eps0 * (1.0 - (double) epoch / epochs);
    }
}
