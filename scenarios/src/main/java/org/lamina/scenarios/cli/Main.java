package org.lamina.scenarios.cli;

import org.lamina.scenarios.dsl.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lamina} command line. */
@Command(name = "lamina", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Event-driven neuromorphic simulator: lateral inhibition, local learning rules, protobuf traces.",
        subcommands = {RunCommand.class, ResumeCommand.class, ValidateCommand.class, RunsCommand.class, StudyCommand.class, TraceCommand.class,
            ModelsCommand.class, DevicesCommand.class, DatasetsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for bad input (scenario, arguments, files). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a run that started and failed. */
    public static final int EXIT_RUN_FAILED = 1;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute(CommandLine.defaultFactory(), args);
    }

    /** As {@link #execute(String...)}, with the commands made by {@code factory} (tests hand in fakes). */
    static int execute(CommandLine.IFactory factory, String... args) {
        return commandLine(factory).execute(args);
    }

    /**
     * The configured command line (exit codes, errors without stack traces), for the bench jar to
     * add its {@code bench} command to.
     */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new Main(), factory);
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? EXIT_BAD_INPUT : EXIT_RUN_FAILED);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ex.getMessage()));
            return ex instanceof BadInputException ? EXIT_BAD_INPUT : EXIT_RUN_FAILED;
        });
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lamina " + org.lamina.sim.engine.Provenance.laminaVersion()};
        }
    }
}
