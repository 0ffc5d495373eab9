package org.lamina.scenarios.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.neurons.input.Split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MNIST and Fashion-MNIST as fetched into the data folder (fetched first when missing, see
 * {@link RequiredDatasets}).
 */
class RealDatasetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "fashion-mnist"})
    void checksumsMatchThePinnedOnes(String name) throws IOException {
        DatasetFiles dataset = DatasetFiles.byName(name).orElseThrow();
        Path folder = RequiredDatasets.fetched(dataset);
        for (DatasetFiles.PinnedFile f : dataset.files()) {
            assertEquals(f.md5(), Checksums.md5(folder.resolve(f.fileName())), f.fileName());
        }
        assertTrue(dataset.check(folder).verified());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "fashion-mnist"})
    void idxFilesHaveMnistShapes(String name) throws IOException {
        DatasetFiles dataset = DatasetFiles.byName(name).orElseThrow();
        Path folder = RequiredDatasets.fetched(dataset);
        for (Split split : Split.values()) {
            int count = split == Split.TRAIN ? 60_000 : 10_000;
            IdxReader.IdxArray images = IdxReader.read(folder.resolve(dataset.images(split).fileName()), 3);
            IdxReader.IdxArray labels = IdxReader.read(folder.resolve(dataset.labels(split).fileName()), 1);
            assertEquals(count, images.dim(0));
            assertEquals(28, images.dim(1));
            assertEquals(28, images.dim(2));
            assertEquals(count, labels.dim(0));
            int[] perClass = new int[256];
            for (int i = 0; i < count; i++) {
                perClass[labels.unsigned(i)]++;
            }
            for (int c = 0; c < 10; c++) {
                assertTrue(perClass[c] > count / 20, name + " " + split + " class " + c + ": " + perClass[c]);
            }
            assertEquals(count, Arrays.stream(perClass, 0, 10).sum(), "labels outside 0..9");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "fashion-mnist"})
    void loadsAsDataset(String name) throws IOException {
        Path folder = RequiredDatasets.fetched(DatasetFiles.byName(name).orElseThrow());
        Dataset test = Datasets.load(name, Split.TEST, folder.getParent());
        assertEquals(10_000, test.size());
        assertEquals(784, test.pixels());
        assertEquals(10, test.classes());
        float max = 0;
        for (int p = 0; p < test.pixels(); p++) {
            max = Math.max(max, test.pixel(0, p));
        }
        assertEquals(255f, max, 1e-6, "raw pixels are 0..255");
        // The first examples as published: MNIST's test set starts with a 7, its training set with a 5;
        // Fashion-MNIST's both with an ankle boot (9).
        boolean mnist = name.equals("mnist");
        assertEquals(mnist ? 7 : 9, test.label(0));
        Dataset train = Datasets.load(name, Split.TRAIN, folder.getParent());
        assertEquals(60_000, train.size());
        assertEquals(mnist ? 5 : 9, train.label(0));
        // What scenarios are checked against before anything is fetched.
        assertEquals(Datasets.shape(name, Split.TEST, 0), test.shape());
        assertEquals(Datasets.shape(name, Split.TRAIN, 0), train.shape());
    }

    @org.junit.jupiter.api.Test
    void multiMnistHasTheShapeScenariosAreCheckedAgainst() throws IOException {
        Path folder = RequiredDatasets.fetched(DatasetFiles.MNIST);
        assertEquals(Datasets.shape("multi-mnist", Split.TEST, 0),
                Datasets.load("multi-mnist", Split.TEST, 0, folder.getParent()).shape());
        assertEquals(Datasets.shape("multi-mnist", Split.TRAIN, 501),
                Datasets.load("multi-mnist", Split.TRAIN, 501, folder.getParent()).shape());
    }
}
