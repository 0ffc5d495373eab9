package org.lamina.scenarios.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lamina.scenarios.dsl.BadInputException;
import org.lamina.scenarios.run.RunState;
import org.lamina.scenarios.traceio.TraceExporter;
import org.lamina.scenarios.traceio.TraceSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lamina trace}: summarise and export trace files. */
@Command(name = "trace", mixinStandardHelpOptions = true, description = "Summarise or export a trace file.",
        subcommands = {TraceCommand.Summary.class, TraceCommand.Export.class})
public final class TraceCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no such trace file: " + file);
        }
        return file;
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Print the header, frame counts, metrics and footer of a trace (also of a truncated one).")
    static final class Summary implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The trace file.")
        Path file;

        @Override
        public Integer call() {
            try {
                TraceSummary.print(existing(file), System.out);
                // A trace in a run folder: how that run stands (a trace without footer may be a dead run's).
                Path folder = file.toAbsolutePath().getParent();
                RunState run = folder == null ? null : RunState.of(folder);
                if (run != null) {
                    System.out.println("run " + run.line());
                }
                return 0;
            } catch (IOException e) {
                throw new BadInputException(e.getMessage(), e);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export spikes, sampled state, weight snapshots and metrics as CSV or NumPy .npy files.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The trace file.")
        Path file;

        @Option(names = "--format", defaultValue = "npy", description = "csv or npy (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--out", description = "Output folder (default: <FILE without extension>-export next to it).")
        Path out;

        @Override
        public Integer call() {
            TraceExporter.Format f;
            try {
                f = TraceExporter.Format.parse(format);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            existing(file);
            Path dir = out != null ? out : defaultFolder(file);
            try {
                List<Path> files = TraceExporter.export(file, dir, f, System.err);
                System.out.println("wrote " + files.size() + " file(s) to " + dir.toAbsolutePath() + ":");
                files.forEach(p -> System.out.println("  " + p.getFileName()));
                return 0;
            } catch (NoSuchFileException e) {
                throw new BadInputException("no such file: " + e.getFile(), e);
            } catch (IOException e) {
                throw new BadInputException(e.getMessage(), e);
            }
        }

        private static Path defaultFolder(Path file) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            return file.toAbsolutePath().resolveSibling(stem + "-export");
        }
    }
}
