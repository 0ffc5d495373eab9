package org.lamina.scenarios.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.scenarios.run.KernelChoice;
import org.lamina.scenarios.run.ScenarioRunner;
import org.lamina.scenarios.run.SweepRunner;
import org.lamina.sim.engine.SimulationFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lamina run [FILE]}: runs a scenario (the built-in demo without FILE) into a new run folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario file (default: the built-in demo, examples/demo.conf) into a new run folder.")
public final class RunCommand implements Callable<Integer> {
    /** The scenario run when no file is given. */
    public static final String DEFAULT_SCENARIO = "examples/demo.conf";

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Scenario file (HOCON).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a scenario entry, e.g. --set seed=2 --set network.populations.kh.inhibition=0.3")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "0",
            description = "Compute threads (default: one per core). Results do not depend on it.")
    int threads;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Override
    public Integer call() throws IOException {
        if (file != null) {
            ScenarioParser.Plan plan = ScenarioParser.plan(file, overrides);
            if (plan.sweep() != null) {
                KernelChoice kernels = KernelChoice.parse(plan.base().backend());
                System.out.println(kernels.selection().summary());
                try {
                    SweepRunner.run(plan, file.toString(), overrides, kernels, threads, runsDir, System.out);
                    return 0;
                } catch (SimulationFailedException e) {
                    System.err.println("run failed: " + e.getMessage());
                    return Main.EXIT_RUN_FAILED;
                }
            }
        }
        Scenario scenario = load(file, overrides);
        KernelChoice kernels = KernelChoice.parse(scenario.backend());
        System.out.println(kernels.selection().summary());
        String source = file != null ? file.toString() : "built-in " + DEFAULT_SCENARIO;
        try {
            ScenarioRunner.Outcome o = ScenarioRunner.run(scenario, source, overrides, kernels, threads, runsDir, System.out);
            System.out.printf("%s: %d steps (%.1f ms simulated) x %d examples in %.2f s; %d spike events, %d frames%n",
                    scenario.name(), o.summary().steps(), o.summary().steps() * scenario.dtMs(), scenario.batch(),
                    o.seconds(), o.summary().spikeEvents(), o.summary().frames());
            System.out.println("results: " + o.folder().toAbsolutePath());
            System.out.println("report: " + o.folder().resolve("report.html").toAbsolutePath());
            System.out.println("inspect the trace with: ./lamina trace summary " + o.trace());
            return 0;
        } catch (SimulationFailedException e) {
            System.err.println("run failed: " + e.getMessage());
            return Main.EXIT_RUN_FAILED;
        }
    }

    /** The scenario in {@code file}, or the built-in default, with overrides applied. */
    static Scenario load(Path file, List<String> overrides) throws IOException {
        if (file != null) {
            return ScenarioParser.parse(file, overrides);
        }
        try (InputStream in = RunCommand.class.getResourceAsStream("/" + DEFAULT_SCENARIO)) {
            if (in == null) {
                throw new IllegalStateException("the built-in scenario " + DEFAULT_SCENARIO + " is missing from the jar");
            }
            return ScenarioParser.parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_SCENARIO, overrides);
        }
    }
}
