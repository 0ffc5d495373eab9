package org.lamina.scenarios.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.supervised.OutputLoss;
import org.lamina.neurons.input.Split;
import org.lamina.neurons.readout.SoftmaxClassifier;
import org.lamina.neurons.supervised.Optimiser;

/** The readout's baseline on real data: softmax regression on MNIST pixels. */
class MnistSoftmaxBaselineTest {

    /** The bar: softmax regression on raw MNIST pixels (/255) reaches at least 92% on the test set. */
    @Test
    @Timeout(300)
    void reachesNinetyTwoPercentOnRawMnistPixels() throws IOException {
        RequiredDatasets.fetched(DatasetFiles.byName("mnist").orElseThrow());
        Dataset train = Datasets.load("mnist", Split.TRAIN);
        Dataset test = Datasets.load("mnist", Split.TEST);
        Normalisation.Fitted norm = Normalisation.DIVIDE_255.fit(train);
        train = norm.apply(train);
        test = norm.apply(test);
        SoftmaxClassifier.Settings s = new SoftmaxClassifier.Settings(8, 100, 7);
        try (SoftmaxClassifier c = new SoftmaxClassifier(train.pixels(), 10,
                Kernels.java().softmaxReadout(), OutputLoss.CROSS_ENTROPY,
                Optimiser.adam(2e-3).decaying(0.8, 1), 0, new float[10 * train.pixels()])) {
            double loss = Double.MAX_VALUE;
            for (int e = 0; e < s.epochs(); e++) {
                SoftmaxClassifier.EpochStats stats = c.trainEpoch(train, s, e);
                assertTrue(stats.loss() < loss, "the loss falls every epoch: " + stats);
                loss = stats.loss();
            }
            SoftmaxClassifier.Evaluation eval = c.evaluate(test, 500);
            System.out.println("softmax regression on MNIST pixels: test accuracy " + eval.accuracy());
            assertTrue(eval.accuracy() >= 0.92, "test accuracy " + eval.accuracy());
            long total = Arrays.stream(eval.confusion()).flatMapToLong(Arrays::stream).sum();
            assertEquals(test.size(), total);
        }
    }

}
