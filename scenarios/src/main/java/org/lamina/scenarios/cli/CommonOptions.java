package org.lamina.scenarios.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lamina.sim.engine.Engine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    /** {@code --threads N}: compute threads, 1..{@link Engine#MAX_COMPUTE_THREADS} or 0 for one per core. */
    public static final class Threads {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        /** The threads asked for; 0: one per core. */
        public int count;

        @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
                description = "Compute threads, 1.." + Engine.MAX_COMPUTE_THREADS + " (default: one per core)."
                        + " Results do not depend on it.")
        void count(int n) {
            if (n < 0 || n > Engine.MAX_COMPUTE_THREADS) {
                throw new ParameterException(spec.commandLine(), "--threads: " + n + " is outside 1.."
                        + Engine.MAX_COMPUTE_THREADS + " (or 0 for one per core, " + Runtime.getRuntime().availableProcessors()
                        + " here); more threads than cores change no result and only add switching");
            }
            count = n;
        }
    }

    /** {@code --runs-dir DIR}: where run folders go. */
    static final class RunsDir {
        @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
        Path path;
    }
}
