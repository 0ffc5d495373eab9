package org.lamina.scenarios.data.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The system's package clients: {@code npm pack} then {@code tar}, and {@code apt-get download}
 * then {@code dpkg -x}. They use whatever registries and mirrors the system is configured for.
 */
public final class SystemPackageClient implements PackageClient {
    private static final long TIMEOUT_MINUTES = 15;
    private static final int LOG_LINES_SHOWN = 12;

    private final String npm;
    private final String aptGet;
    private final String dpkg;
    private final String tar;

    public SystemPackageClient() {
        this("npm", "apt-get", "dpkg", "tar");
    }

    /** With other executables, so tests can name missing or failing ones. */
    SystemPackageClient(String npm, String aptGet, String dpkg, String tar) {
        this.npm = npm;
        this.aptGet = aptGet;
        this.dpkg = dpkg;
        this.tar = tar;
    }

    @Override
    public void fetchNpm(String spec, Path folder) throws IOException {
        run(folder, "install npm (Debian: apt-get install npm)", npm, "pack", spec);
        Path tarball = single(folder, ".tgz", "npm pack " + spec);
        run(folder, "install tar", tar, "-xzf", tarball.toString(), "-C", folder.toString());
    }

    @Override
    public void fetchDebian(String name, Path folder) throws IOException {
        String remedy = "it needs apt-get and dpkg (Debian, Ubuntu); elsewhere get the Debian package " + name
                + " by hand and put its files into the data folder";
        run(folder, remedy, aptGet, "download", name);
        Path deb = single(folder, ".deb", "apt-get download " + name);
        run(folder, remedy, dpkg, "-x", deb.toString(), folder.toString());
    }

    /**
     * Runs a command in {@code folder}, its output to a log there, shown in the error when it fails;
     * {@code remedy} says what to do when the command cannot be started at all.
     */
    private static void run(Path folder, String remedy, String... command) throws IOException {
        String shown = String.join(" ", command);
        Path log = Files.createTempFile(folder, "client-", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            // ProcessBuilder reports a missing executable as error=2 (ENOENT).
            String reason = e.getMessage() != null && e.getMessage().contains("error=2,") ? "not found" : e.getMessage();
            throw new FetchException(FetchException.Kind.TOOL_MISSING, "cannot run `" + command[0] + "` (" + reason
                    + "): " + remedy, e);
        }
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new FetchException(FetchException.Kind.DOWNLOAD_FAILED,
                        "`" + shown + "` did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Kind.DOWNLOAD_FAILED, "interrupted while running `" + shown + "`", e);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size());
            throw new FetchException(FetchException.Kind.DOWNLOAD_FAILED, "`" + shown + "` failed with exit code "
                    + process.exitValue() + (tail.isEmpty() ? "" : ":\n  " + String.join("\n  ", tail)));
        }
    }

    /** The one file with this suffix that the client left in {@code folder}. */
    private static Path single(Path folder, String suffix, String producer) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(suffix)).forEach(found::add);
        }
        if (found.size() != 1) {
            throw new FetchException(FetchException.Kind.DOWNLOAD_FAILED, "`" + producer + "` left " + found.size()
                    + " " + suffix + " files in " + folder + ", expected one");
        }
        return found.get(0);
    }
}
