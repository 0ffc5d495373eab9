package org.lamina.scenarios.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options several commands share, declared once (picocli mixins). */
public final class CommonOptions {
    private CommonOptions() {
    }

    /** {@code --set KEY=VALUE}: scenario overrides. */
    static final class Overrides {
        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "Override a scenario entry, e.g. --set seed=2 --set network.populations.kh.inhibition=0.3")
        List<String> values = new ArrayList<>();
    }

    /** {@code --threads N}: compute threads. */
    public static final class Threads {
        @Option(names = "--threads", defaultValue = "0",
                description = "Compute threads (default: one per core). Results do not depend on it.")
        public int count;
    }

    /** {@code --runs-dir DIR}: where run folders go. */
    static final class RunsDir {
        @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
        Path path;
    }
}
