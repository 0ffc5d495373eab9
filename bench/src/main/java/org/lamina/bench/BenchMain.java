package org.lamina.bench;

import org.lamina.scenarios.cli.Main;
import picocli.CommandLine;

/** The {@code lamina} command line with {@code bench} added; the launcher runs it for {@code ./lamina bench}. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = Main.commandLine(CommandLine.defaultFactory());
        cl.addSubcommand(new BenchCommand());
        return cl.execute(args);
    }
}
