package org.lamina.scenarios.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lamina.scenarios.data.DataFolder;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.data.fetch.DatasetFetcher;
import org.lamina.scenarios.data.fetch.PackageClient;
import org.lamina.scenarios.data.fetch.SystemPackageClient;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.scenarios.run.KernelChoice;
import org.lamina.scenarios.run.MemoryEstimate;
import org.lamina.scenarios.run.RunInterruptedException;
import org.lamina.scenarios.run.ScenarioResolver;
import org.lamina.scenarios.run.ScenarioRunner;
import org.lamina.scenarios.run.SweepRunner;
import org.lamina.sim.engine.SimulationFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code lamina run [FILE]}: runs a scenario into a new run folder. Without FILE it runs the
 * default experiment (a Krotov–Hopfield layer on MNIST plus a readout, about a minute), or
 * the bars scenario when MNIST is not there and cannot be fetched. A dataset a scenario needs
 * is fetched first when it is missing.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario file into a new run folder (default: examples/quickstart.conf, a Krotov-Hopfield"
                + " layer on MNIST with a readout, about a minute; examples/bars-readout.conf when MNIST cannot be"
                + " fetched). Missing datasets are fetched first.")
public final class RunCommand implements Callable<Integer> {
    /** The scenario run when no file is given. */
    public static final String DEFAULT_SCENARIO = "examples/quickstart.conf";
    /** The default when its dataset cannot be had: needs no download. */
    public static final String FALLBACK_SCENARIO = "examples/bars-readout.conf";

    private final PackageClient client;
    private final Path systemRoot;
    private final Path dataFolder;

    public RunCommand() {
        this(new SystemPackageClient(), Path.of("/"), DataFolder.resolve());
    }

    /** With another package client, system root and data folder for fetching (tests). */
    RunCommand(PackageClient client, Path systemRoot, Path dataFolder) {
        this.client = client;
        this.systemRoot = systemRoot;
        this.dataFolder = dataFolder;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Scenario file (HOCON).")
    Path file;

    @Mixin
    CommonOptions.Overrides set;

    @Mixin
    CommonOptions.Threads threads;

    @Mixin
    CommonOptions.RunsDir runs;

    @Override
    public Integer call() throws IOException {
        List<String> overrides = set.values;
        Path runsDir = runs.path;
        // Parse (pure), fetch what is missing, resolve (load), run.
        String source;
        ScenarioParser.Plan plan;
        if (file != null) {
            plan = ScenarioParser.plan(file, overrides);
            checkSize(plan, runsDir);
            ensureDataset(plan.base(), false);
            source = file.toString();
        } else {
            String builtIn = DEFAULT_SCENARIO;
            plan = ScenarioParser.planResource(builtIn, overrides);
            checkSize(plan, runsDir);
            if (!ensureDataset(plan.base(), true)) {
                builtIn = FALLBACK_SCENARIO;
                plan = ScenarioParser.planResource(builtIn, overrides);
                checkSize(plan, runsDir);
            }
            source = "built-in " + builtIn;
        }
        ScenarioResolver resolver = new ScenarioResolver((name, split, limit) -> Datasets.load(name, split, limit, dataFolder));
        List<Scenario> points = new ArrayList<>();
        for (Scenario point : plan.points()) {
            points.add(resolver.resolve(point, plan.locations()));
        }
        resolver.notes().forEach(System.out::println);
        KernelChoice kernels = KernelChoice.parse(plan.base().backend());
        System.out.println(kernels.selection().summary());
        for (Scenario point : points) {
            kernels.forScenario(point); // a population's own backend that cannot run here stops every point from running
        }
        // From here on SIGINT and SIGTERM stop the run at a window boundary and leave its folder whole.
        SignalStop stop = SignalStop.install(System.err);
        try {
            if (plan.sweep() != null) {
                SweepRunner.run(new ScenarioParser.Plan(plan.base(), plan.sweep(), points, plan.locations()), source,
                        overrides, kernels, threads.count, runsDir, System.out, stop);
                return 0;
            }
            Scenario scenario = points.get(0);
            ScenarioRunner.Outcome o = ScenarioRunner.run(scenario, scenario.name(), source, overrides, kernels,
                    threads.count, runsDir, System.out, stop);
            System.out.printf("%s: %d steps (%.1f ms simulated) x %d examples in %.2f s; %d spike events, %d frames%n",
                    scenario.name(), o.summary().steps(), o.summary().steps() * scenario.dtMs(), scenario.batch(),
                    o.seconds(), o.summary().spikeEvents(), o.summary().frames());
            o.controls().forEach((name, c) -> c.testAccuracy().forEach((pop, a) -> {
                Double learned = o.testAccuracy().get(pop);
                System.out.printf(java.util.Locale.ROOT, "control %s: test accuracy (%s) %.2f%% on the initial weights,"
                        + " %.2f%% learned: learning adds %+.2f points%n", name, pop, 100 * a,
                        learned == null ? Double.NaN : 100 * learned, learned == null ? Double.NaN : 100 * (learned - a));
            }));
            System.out.println("results: " + o.folder().toAbsolutePath());
            System.out.println("report: " + o.folder().resolve("report.html").toAbsolutePath());
            System.out.println("inspect the trace with: ./lamina trace summary " + o.trace());
            return 0;
        } catch (SimulationFailedException e) {
            System.err.println("run failed: " + e.getMessage());
            return Main.EXIT_RUN_FAILED;
        } catch (RunInterruptedException e) {
            System.err.println("run interrupted by " + e.getMessage() + (e.folder() == null ? " before it started"
                    : " after " + e.steps() + " steps; what it did is in " + e.folder().toAbsolutePath()
                    + " (trace, metrics.json, report.html; manifest status interrupted)"
                    + resumeHint(e.folder())));
            // As if the signal had ended the process: 128 + its number (130 for SIGINT, 143 for SIGTERM).
            return stop.exitCode() > 0 ? stop.exitCode() : Main.EXIT_RUN_FAILED;
        } finally {
            stop.close();
        }
    }

    /** How to go on with an interrupted run that saved a checkpoint, or nothing when it saved none. */
    static String resumeHint(Path folder) {
        try {
            List<Path> saved = org.lamina.scenarios.run.CheckpointFiles.list(folder);
            return saved.isEmpty() ? "" : "; `./lamina resume " + folder + "` continues it from "
                    + saved.get(saved.size() - 1).getFileName();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Refuses, before anything is loaded or allocated, a scenario whose estimated memory
     * ({@link MemoryEstimate}) exceeds this JVM's maximum heap or needs an array larger than Java
     * allows; warns when its trace will be huge.
     */
    static void checkSize(ScenarioParser.Plan plan, Path runsDir) {
        long maxMemory = Runtime.getRuntime().maxMemory();
        String warned = null;
        for (Scenario point : plan.points()) {
            MemoryEstimate m = MemoryEstimate.of(point);
            m.beyondArrayLimit().ifPresent(p -> {
                throw plan.locations().fail(p.key(), tooLargeForJava(p));
            });
            m.tooLargeFor(maxMemory).ifPresent(p -> {
                throw plan.locations().fail(p.key(), m.refusal(maxMemory));
            });
            String w = m.traceWarning(usableSpace(runsDir)).orElse(null);
            if (w != null && !w.equals(warned)) {
                System.out.println(w);
                warned = w;
            }
        }
    }

    static String tooLargeForJava(MemoryEstimate.Part p) {
        return "needs an array of " + p.largest() + " values (" + p.what() + "), more than the "
                + MemoryEstimate.MAX_ARRAY + " a Java array can hold: the scenario cannot run; make it smaller";
    }

    /** Free space where run folders go (the nearest folder that exists), or no limit when it cannot be told. */
    static long usableSpace(Path dir) {
        Path d = dir.toAbsolutePath();
        while (d != null && !Files.isDirectory(d)) {
            d = d.getParent();
        }
        try {
            return d == null ? Long.MAX_VALUE : Files.getFileStore(d).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Fetches a fetchable dataset that is not in the data folder yet. Returns false when it is
     * still missing: with {@code quiet}, after saying why (the caller falls back); otherwise the
     * resolver's error then says what to do.
     */
    boolean ensureDataset(Scenario scenario, boolean quiet) {
        if (scenario.dataset() == null) {
            return true;
        }
        String name = scenario.dataset().source();
        DatasetFiles files = Datasets.filesOf(name).orElse(null);
        if (files == null) {
            return true; // generated (bars)
        }
        Path folder = dataFolder;
        try {
            if (files.check(files.folderIn(folder)).verified()) {
                return true;
            }
            System.out.println(files.name() + " is not in " + folder + " yet: fetching it (once)...");
            DatasetFetcher.Result r = new DatasetFetcher(folder, client, systemRoot, System.err::println).fetch(files);
            System.out.println(files.name() + ": fetched from the " + r.source() + " into " + r.folder());
            return true;
        } catch (IOException | RuntimeException e) {
            System.out.println("cannot fetch " + name + ": " + e.getMessage());
            if (quiet) {
                System.out.println("running " + FALLBACK_SCENARIO + " instead (Földiák's bars, generated: nothing to download)");
            }
            return false;
        }
    }
}
