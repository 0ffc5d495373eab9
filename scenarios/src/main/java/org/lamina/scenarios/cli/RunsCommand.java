package org.lamina.scenarios.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lamina.scenarios.dsl.BadInputException;
import org.lamina.scenarios.run.RunOutputs;
import org.lamina.scenarios.run.RunState;
import org.lamina.scenarios.run.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lamina runs}: the run folders under the runs folder (a sweep's points under its folder)
 * and how each stands. A run whose manifest says running but whose process has gone (kill -9, out
 * of memory, a full disk, a crash) is reported dead, and its manifest changed to say so.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the run folders and how each stands: running, completed, failed, interrupted, or dead (its"
                + " process ended without finishing; its manifest is then changed to say so).")
public final class RunsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions.RunsDir runs;

    @Override
    public Integer call() throws IOException {
        Path root = runs.path;
        if (!Files.isDirectory(root)) {
            throw new BadInputException("--runs-dir: " + root + " is not a folder");
        }
        int dead = 0;
        int listed = 0;
        for (Path folder : folders(root)) {
            if (Files.isRegularFile(folder.resolve(RunOutputs.MANIFEST_FILE))) {
                dead += print(root, folder);
                listed++;
                continue;
            }
            // A sweep: its points are run folders inside it.
            for (Path point : folders(folder)) {
                if (Files.isRegularFile(point.resolve(RunOutputs.MANIFEST_FILE))) {
                    dead += print(root, point);
                    listed++;
                }
            }
        }
        if (listed == 0) {
            System.out.println("no runs in " + root);
        }
        if (dead > 0) {
            System.out.println(dead + " dead run(s): the process that ran each ended without finishing it; their"
                    + " manifests now say dead");
        }
        return 0;
    }

    /** Prints one run; returns 1 when it is dead. */
    private static int print(Path root, Path folder) throws IOException {
        RunState s = RunState.of(folder);
        System.out.printf("%-12s %s%s%n", s.status().label(), root.relativize(folder),
                s.detail().isEmpty() ? "" : "  " + s.detail());
        return s.status() == RunStatus.DEAD ? 1 : 0;
    }

    private static List<Path> folders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
