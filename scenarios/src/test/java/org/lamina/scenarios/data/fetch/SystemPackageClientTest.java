package org.lamina.scenarios.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system client without the network: stand-in npm and apt-get scripts that produce a package
 * file as the real ones do, a client that is not installed, and one that fails.
 */
class SystemPackageClientTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private Path work(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    @Test
    void npmPackThenUntar() throws IOException {
        Path source = Files.createDirectories(dir.resolve("src/package/data"));
        Files.writeString(source.resolve("file"), "payload");
        // As `npm pack` does: a tarball named after the package in the current folder; it echoes its arguments.
        Path npm = script("npm", "echo \"$@\" > args && tar -czf toy-1.0.0.tgz -C " + dir.resolve("src") + " package");
        Path into = work("into");
        new SystemPackageClient(npm.toString(), "apt-get", "dpkg", "tar").fetchNpm("toy@1.0.0", into);
        assertEquals("payload", Files.readString(into.resolve("package/data/file")));
        assertEquals("pack toy@1.0.0", Files.readString(into.resolve("args")).trim());
    }

    @Test
    void aptGetDownloadThenDpkgExtract() throws IOException {
        Path apt = script("apt-get", "echo \"$@\" > args && touch toy-data_1_all.deb");
        Path dpkg = script("dpkg", "echo \"$@\" > dpkg-args && mkdir -p \"$3/usr/share/toy\" && echo payload > \"$3/usr/share/toy/file\"");
        Path into = work("into");
        new SystemPackageClient("npm", apt.toString(), dpkg.toString(), "tar").fetchDebian("toy-data", into);
        assertEquals("download toy-data", Files.readString(into.resolve("args")).trim());
        assertEquals("-x " + into.resolve("toy-data_1_all.deb") + " " + into, Files.readString(into.resolve("dpkg-args")).trim());
        assertEquals("payload", Files.readString(into.resolve("usr/share/toy/file")).trim());
    }

    @Test
    void aMissingClientIsToolMissingAndSaysWhatToInstall() throws IOException {
        SystemPackageClient client = new SystemPackageClient(dir.resolve("no-npm").toString(),
                dir.resolve("no-apt-get").toString(), "dpkg", "tar");
        FetchException npm = assertThrows(FetchException.class, () -> client.fetchNpm("toy@1", work("a")));
        assertEquals(FetchException.Kind.TOOL_MISSING, npm.kind());
        assertEquals("cannot run `" + dir.resolve("no-npm") + "` (not found): install npm (Debian: apt-get install npm)",
                npm.getMessage());
        FetchException apt = assertThrows(FetchException.class, () -> client.fetchDebian("toy-data", work("b")));
        assertEquals(FetchException.Kind.TOOL_MISSING, apt.kind());
        assertTrue(apt.getMessage().contains("(not found): it needs apt-get and dpkg"), apt.getMessage());
    }

    @Test
    void aFailingClientIsAFailedDownloadWithItsOutput() throws IOException {
        Path npm = script("npm", "echo 'npm error 404 Not Found - toy@9' >&2; exit 1");
        FetchException e = assertThrows(FetchException.class,
                () -> new SystemPackageClient(npm.toString(), "apt-get", "dpkg", "tar").fetchNpm("toy@9", work("c")));
        assertEquals(FetchException.Kind.DOWNLOAD_FAILED, e.kind());
        assertTrue(e.getMessage().contains("pack toy@9` failed with exit code 1") && e.getMessage().contains("404 Not Found"),
                e.getMessage());

        Path silent = script("npm-silent", "exit 0");
        e = assertThrows(FetchException.class,
                () -> new SystemPackageClient(silent.toString(), "apt-get", "dpkg", "tar").fetchNpm("toy@1", work("d")));
        assertTrue(e.getMessage().contains("left 0 .tgz files"), e.getMessage());
    }
}
