package org.lamina.kernels.supervised;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.product.MatrixProduct;

/**
 * The Counter-Hebb property (REFERENCES.md): with symmetric weights, i.e. a TD pass through the
 * transposed forward weights (BP mode), the Counter-Hebb updates of a 2-layer ReLU network
 * (input → hidden ReLU → logits with bias, softmax cross-entropy) are the backprop gradient.
 * The reference gradient is computed independently: central finite differences of the loss in
 * double precision. Examples are redrawn until no hidden pre-activation lies within
 * {@value #MARGIN} of 0, a thousand times the most a step of {@value #STEP} on one weight can
 * move it (inputs are in [-1, 1]): no difference straddles the ReLU kink, where the loss is not
 * differentiable. Bound: relative difference ≤ 1e-4, in norm and elementwise against the
 * largest entry, for each of W1, W2 and b2. Every kernel of the passes comes from the factories
 * for the backend under test (one subclass per backend).
 */
abstract class CounterHebbBackpropTest {
    static final double STEP = 1e-5;
    static final double MARGIN = 1e-2;
    static final double BOUND = 1e-4;

    abstract BackendSelection selection();

    @ParameterizedTest(name = "{0} → {1} → {2}, batch {3}, {4}")
    @CsvSource({"5,7,4,6,MEAN", "5,7,4,6,SUM", "13,9,3,1,SUM", "13,9,3,1,MEAN", "20,17,10,5,MEAN", "40,33,10,21,SUM"})
    void counterHebbWithSymmetricWeightsIsTheBackpropGradient(int nIn, int nHidden, int nOut, int batch,
                                                                BatchReduction reduction) {
        Random r = new Random(nIn * 1009L + nHidden * 31L + batch);
        float[] w1 = new float[nHidden * nIn];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) (r.nextGaussian() / Math.sqrt(nIn));
        }
        float[] w2 = ErrorPropagationContractTest.gaussian(r, nOut * nHidden);
        float[] b2 = ErrorPropagationContractTest.gaussian(r, nOut);
        float[] x = examplesAwayFromTheKink(r, w1, nIn, nHidden, batch);
        int[] labels = r.ints(batch, 0, nOut).toArray();

        // Bottom-up pass, then the top-down error pass through W2^T gated by the hidden ReLU activity.
        BackendSelection backend = selection();
        float[] h = new float[batch * nHidden];
        float[] dz = new float[batch * nOut];
        float[] delta1 = new float[batch * nHidden];
        float[] dw2 = new float[nOut * nHidden];
        float[] db2 = new float[nOut];
        float[] dw1 = new float[nHidden * nIn];
        try (MatrixProduct product = Kernels.of(backend).product();
             SoftmaxReadout readout = Kernels.of(backend).softmaxReadout();
             ErrorPropagation propagation = Kernels.of(backend).errorPropagation(ErrorFeedback.backprop(Activation.RELU));
             CounterHebbRule counterHebb = Kernels.of(backend).counterHebb()) {
            product.multiply(w1, nHidden, nIn, x, batch, h);
            int active = 0;
            for (int i = 0; i < h.length; i++) {
                h[i] = Math.max(h[i], 0f);
                active += h[i] > 0 ? 1 : 0;
            }
            assertTrue(active > 0 && active < h.length, "the gate must pass some units and block others, " + active
                    + " of " + h.length + " active");
            readout.logits(w2, b2, nOut, nHidden, h, batch, dz);
            CrossEntropy.outputError(dz, CrossEntropyTest.oneHot(labels, nOut), nOut, batch, 1.0, null, dz).lossSum();
            propagation.propagate(w2, nOut, nHidden, dz, h, batch, delta1);

            // Counter-Hebb: post-side TD activity times pre-side BU activity, for both layers.
            readout.gradient(dz, h, nOut, nHidden, batch, reduction, dw2, db2);
            counterHebb.gradient(delta1, nHidden, x, nIn, batch, reduction, dw1);
        }

        Network net = new Network(toDouble(w1), toDouble(w2), toDouble(b2), toDouble(x), labels, nIn, nHidden, nOut,
                batch, reduction);
        assertClose("W1", dw1, net.finiteDifferences(net.w1));
        assertClose("W2", dw2, net.finiteDifferences(net.w2));
        assertClose("b2", db2, net.finiteDifferences(net.b2));
    }

    /** Uniform examples in [-1, 1], each redrawn until every hidden pre-activation is at least MARGIN from 0. */
    static float[] examplesAwayFromTheKink(Random r, float[] w1, int nIn, int nHidden, int batch) {
        float[] x = new float[batch * nIn];
        for (int b = 0; b < batch; b++) {
            boolean clear;
            do {
                for (int i = 0; i < nIn; i++) {
                    x[b * nIn + i] = 2 * r.nextFloat() - 1;
                }
                clear = true;
                for (int j = 0; j < nHidden && clear; j++) {
                    double z = 0;
                    for (int i = 0; i < nIn; i++) {
                        z += (double) w1[j * nIn + i] * x[b * nIn + i];
                    }
                    clear = Math.abs(z) >= MARGIN;
                }
            } while (!clear);
        }
        return x;
    }

    static void assertClose(String name, float[] actual, double[] expected) {
        double diff = 0;
        double norm = 0;
        double maxExpected = 0;
        double maxDiff = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
            maxExpected = Math.max(maxExpected, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs(d));
        }
        assertTrue(norm > 0, name + ": the gradient must not vanish");
        double relative = Math.sqrt(diff / norm);
        assertTrue(relative <= BOUND, name + ": relative difference " + relative + " in norm");
        assertTrue(maxDiff <= BOUND * maxExpected, name + ": largest difference " + maxDiff + " against " + maxExpected);
    }

    /** The network's loss in double, straight from the definition; the weights are perturbed in place. */
    record Network(double[] w1, double[] w2, double[] b2, double[] x, int[] labels, int nIn, int nHidden, int nOut,
                   int batch, BatchReduction reduction) {

        double loss() {
            double sum = 0;
            double[] h = new double[nHidden];
            double[] z = new double[nOut];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < nHidden; j++) {
                    double s = 0;
                    for (int i = 0; i < nIn; i++) {
                        s += w1[j * nIn + i] * x[b * nIn + i];
                    }
                    h[j] = Math.max(s, 0);
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < nOut; k++) {
                    double s = b2[k];
                    for (int j = 0; j < nHidden; j++) {
                        s += w2[k * nHidden + j] * h[j];
                    }
                    z[k] = s;
                    max = Math.max(max, s);
                }
                double exp = 0;
                for (int k = 0; k < nOut; k++) {
                    exp += Math.exp(z[k] - max);
                }
                sum += Math.log(exp) + max - z[labels[b]];
            }
            return sum * reduction.factor(batch);
        }

        /** Central differences {@code (L(p + h) - L(p - h)) / 2h} for every entry of {@code p}, one of this network's arrays. */
        double[] finiteDifferences(double[] p) {
            double[] g = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + STEP;
                double up = loss();
                p[i] = keep - STEP;
                double down = loss();
                p[i] = keep;
                g[i] = (up - down) / (2 * STEP);
            }
            return g;
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}

class ReferenceCounterHebbBackpropTest extends CounterHebbBackpropTest {
    @Override
    BackendSelection selection() {
        return OpenClTestSupport.reference();
    }
}

class JavaCounterHebbBackpropTest extends CounterHebbBackpropTest {
    @Override
    BackendSelection selection() {
        return BackendSelection.select(BackendRequest.JAVA);
    }
}

@Tag("opencl")
class OpenClCounterHebbBackpropTest extends CounterHebbBackpropTest {
    @Override
    BackendSelection selection() {
        return OpenClTestSupport.selection();
    }
}
