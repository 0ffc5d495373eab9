package org.lamina.scenarios.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.Split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lamina.scenarios.data.IdxTestFiles.counting;
import static org.lamina.scenarios.data.IdxTestFiles.gzip;
import static org.lamina.scenarios.data.IdxTestFiles.idx;
import static org.lamina.scenarios.data.IdxTestFiles.write;

/** Loading by name: IDX files into a dataset, bars by default, and what a missing dataset says. */
class DatasetsTest {
    /** A gzipped four-file dataset like Fashion-MNIST; the checksums are not used by loading. */
    private static final DatasetFiles TOY = new DatasetFiles("toy", "toy", new DatasetFiles.NpmPackage("toy@1", "data"), 4,
            new DatasetFiles.Sizes(3, 2, 5, 2),
            new DatasetFiles.PinnedFile("train-images.gz", ""), new DatasetFiles.PinnedFile("train-labels.gz", ""),
            new DatasetFiles.PinnedFile("test-images.gz", ""), new DatasetFiles.PinnedFile("test-labels.gz", ""));

    @TempDir
    Path dir;

    @Test
    void loadsIdxImagesAsRawPixelsWithWidthFromColumns() throws IOException {
        write(dir.resolve("test-images.gz"), gzip(idx(new int[] {2, 2, 3}, counting(12, 256))));
        write(dir.resolve("test-labels.gz"), gzip(idx(new int[] {2}, new byte[] {3, 1})));
        Dataset d = Datasets.load(TOY, Split.TEST, dir);
        assertEquals(2, d.size());
        assertEquals(3, d.width());
        assertEquals(2, d.height());
        assertEquals(4, d.classes());
        assertArrayEquals(new int[] {3, 1}, d.labels());
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, d.image(1));
        assertEquals("toy", d.name());
        assertEquals(Split.TEST, d.split());
    }

    @Test
    void labelsMustMatchTheImagesAndTheClasses() throws IOException {
        write(dir.resolve("train-images.gz"), gzip(idx(new int[] {2, 1, 1}, new byte[2])));
        Path labels = write(dir.resolve("train-labels.gz"), gzip(idx(new int[] {3}, new byte[3])));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Datasets.load(TOY, Split.TRAIN, dir));
        assertTrue(e.getMessage().contains("has 3 labels for the 2 images of train-images.gz"), e.getMessage());
        write(labels, gzip(idx(new int[] {2}, new byte[] {0, 4})));
        e = assertThrows(IdxFormatException.class, () -> Datasets.load(TOY, Split.TRAIN, dir));
        assertTrue(e.getMessage().contains("label 4 of example 1 is outside 0..3"), e.getMessage());
    }

    @Test
    void filesOfAnotherShapeThanTheDatasetsAreRefused() throws IOException {
        // TOY's test split is 2 images of 3 x 2; these are 2 images of 2 x 3.
        write(dir.resolve("test-images.gz"), gzip(idx(new int[] {2, 3, 2}, counting(12, 256))));
        write(dir.resolve("test-labels.gz"), gzip(idx(new int[] {2}, new byte[] {3, 1})));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Datasets.load(TOY, Split.TEST, dir));
        assertTrue(e.getMessage().contains("holds toy/test: 2 images of 2x3, 4 classes, but toy is toy/test: 2 images"
                + " of 3x2"), e.getMessage());
    }

    @Test
    void theShapeOfEveryNamedDatasetIsKnownWithoutItsFiles() {
        assertEquals(new DatasetShape("mnist", Split.TRAIN, 28, 28, 10, List.of(), 60_000),
                Datasets.shape("mnist", Split.TRAIN, 0));
        assertEquals(1000, Datasets.shape("fashion-mnist", Split.TEST, 1000).size());
        assertEquals(10_000, Datasets.shape("fashion-mnist", Split.TEST, 20_000).size());
        DatasetShape multi = Datasets.shape("multi-mnist", Split.TEST, 0);
        assertEquals(20_000, multi.size());
        assertEquals(List.of("left", "right"), multi.taskNames());
        for (Split split : Split.values()) {
            assertEquals(Bars.generate(Bars.Params.DEFAULT, split).shape(), Datasets.shape("bars", split, 0));
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Datasets.shape("cifar", Split.TRAIN, 0));
        assertTrue(unknown.getMessage().contains("unknown dataset 'cifar'"), unknown.getMessage());
    }

    @Test
    void aMissingDatasetSaysWhatToRun() throws IOException {
        DatasetMissingException e = assertThrows(DatasetMissingException.class,
                () -> Datasets.load("mnist", Split.TRAIN, dir));
        assertTrue(e.getMessage().contains("run `lamina datasets fetch mnist`"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("mnist").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("LAMINA_DATA"), e.getMessage());

        Files.createDirectories(dir.resolve("fashion-mnist"));
        write(dir.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"), gzip(idx(new int[] {1, 1, 1}, new byte[1])));
        e = assertThrows(DatasetMissingException.class, () -> Datasets.load("fashion-mnist", Split.TEST, dir));
        assertTrue(e.getMessage().contains("no t10k-labels-idx1-ubyte.gz")
                && e.getMessage().contains("lamina datasets fetch fashion-mnist"), e.getMessage());
    }

    @Test
    void barsNeedNoFilesAndUnknownNamesAreListed() throws IOException {
        Dataset bars = Datasets.load("bars", Split.TEST, dir.resolve("absent"));
        assertEquals(Bars.Params.DEFAULT.testCount(), bars.size());
        assertEquals(64, bars.pixels());
        assertEquals(List.of("bars", "mnist", "fashion-mnist", "multi-mnist"), Datasets.names());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load("cifar10", Split.TRAIN, dir));
        assertTrue(e.getMessage().contains("bars, mnist, fashion-mnist, multi-mnist"), e.getMessage());
    }

    @Test
    void multiMnistIsMadeFromMnistAndSaysSoWhenMnistIsMissing() {
        assertEquals(DatasetFiles.MNIST, Datasets.filesOf("multi-mnist").orElseThrow());
        assertEquals(DatasetFiles.FASHION_MNIST, Datasets.filesOf("fashion-mnist").orElseThrow());
        assertTrue(Datasets.filesOf("bars").isEmpty());
        DatasetMissingException e = assertThrows(DatasetMissingException.class,
                () -> Datasets.load("multi-mnist", Split.TRAIN, dir.resolve("absent")));
        assertTrue(e.getMessage().contains("mnist is not in") && e.getMessage().contains("lamina datasets fetch mnist"),
                e.getMessage());
    }

    @Test
    void dataFolderFromTheEnvironment() {
        assertEquals(Path.of("/home/u/.lamina/datasets"), DataFolder.resolve(Map.of(), "/home/u"));
        assertEquals(Path.of("/data/sets"), DataFolder.resolve(Map.of("LAMINA_DATA", "/data/sets"), "/home/u"));
        assertEquals(Path.of("/home/u/.lamina/datasets"), DataFolder.resolve(Map.of("LAMINA_DATA", " "), "/home/u"));
    }

    @Test
    void checkTellsMissingIncompleteCorruptAndVerified() throws IOException {
        DatasetFiles pinned = new DatasetFiles("p", "p", TOY.origin(), 2, TOY.sizes(),
                new DatasetFiles.PinnedFile("a", "0cc175b9c0f1b6a831c399e269772661"), // md5("a")
                new DatasetFiles.PinnedFile("b", "92eb5ffee6ae2fec3ad71c777531578f"), // md5("b")
                new DatasetFiles.PinnedFile("c", "4a8a08f09d37b73795649038408b5f33"), // md5("c")
                new DatasetFiles.PinnedFile("d", "8277e0910d750195b448797616e091ad")); // md5("d")
        assertEquals(DatasetFiles.State.MISSING, pinned.check(dir.resolve("nowhere")).state());
        for (String f : List.of("a", "b", "c")) {
            Files.writeString(dir.resolve(f), f);
        }
        DatasetFiles.Status incomplete = pinned.check(dir);
        assertEquals(DatasetFiles.State.INCOMPLETE, incomplete.state());
        assertEquals("missing d", incomplete.detail());
        Files.writeString(dir.resolve("d"), "D");
        assertEquals(new DatasetFiles.Status(DatasetFiles.State.CORRUPT, "checksum mismatch: d"), pinned.check(dir));
        Files.writeString(dir.resolve("d"), "d");
        assertTrue(pinned.check(dir).verified());
    }
}
