package org.lamina.scenarios.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.data.DataFolder;
import org.lamina.scenarios.dsl.BadInputException;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.scenarios.run.KernelChoice;
import org.lamina.scenarios.run.RunInterruptedException;
import org.lamina.scenarios.run.RunOutputs;
import org.lamina.scenarios.run.RunResume;
import org.lamina.scenarios.run.ScenarioResolver;
import org.lamina.scenarios.run.ScenarioRunner;
import org.lamina.sim.engine.SimulationFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code lamina resume RUN_FOLDER}: continues a stopped, killed or failed run from its latest
 * intact checkpoint, in the same folder: the trace is cut back to the checkpoint and appended
 * to, and the run ends as the uninterrupted run would have, byte for byte.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a stopped, killed or failed run from its latest checkpoint, in its own folder (the"
                + " trace goes on from the checkpoint; results equal those of an uninterrupted run).")
public final class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_FOLDER", description = "The run folder (runs/<name>-<date>-<time>).")
    Path folder;

    @Mixin
    CommonOptions.Threads threads;

    @Override
    public Integer call() throws IOException {
        String text;
        RunResume resume;
        Scenario scenario;
        try {
            text = RunResume.scenarioText(folder);
            ScenarioParser.Plan plan = ScenarioParser.plan(folder.resolve(ScenarioRunner.SCENARIO_FILE), List.of());
            RunCommand fetch = new RunCommand();
            fetch.ensureDataset(plan.base(), false);
            ScenarioResolver resolver = new ScenarioResolver((name, split, limit) -> Datasets.load(name, split, limit,
                    DataFolder.resolve()));
            scenario = resolver.resolve(plan.base(), plan.locations());
            resolver.notes().forEach(System.out::println);
            resume = RunResume.prepare(folder, text, scenario, System.out);
        } catch (IOException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        System.out.println("resuming " + folder + " from " + resume.describe());
        KernelChoice kernels = KernelChoice.parse(scenario.backend());
        System.out.println(kernels.selection().summary());
        SignalStop stop = SignalStop.install(System.err);
        try {
            ScenarioRunner.Outcome o = new ScenarioRunner(RunOutputs.standard(System.out), System.out, stop)
                    .resume(resume, kernels, threads.count);
            System.out.printf("%s: resumed at step %d, %d steps in all; %.2f s since; %d spike events, %d frames%n",
                    scenario.name(), resume.engine().step(), o.summary().steps(), o.seconds(), o.summary().spikeEvents(),
                    o.summary().frames());
            System.out.println("results: " + o.folder().toAbsolutePath());
            System.out.println("report: " + o.folder().resolve("report.html").toAbsolutePath());
            return 0;
        } catch (SimulationFailedException e) {
            System.err.println("run failed: " + e.getMessage());
            return Main.EXIT_RUN_FAILED;
        } catch (RunInterruptedException e) {
            System.err.println("run interrupted by " + e.getMessage() + " after " + e.steps() + " steps; `lamina resume "
                    + folder + "` continues it from its latest checkpoint");
            return stop.exitCode() > 0 ? stop.exitCode() : Main.EXIT_RUN_FAILED;
        } finally {
            stop.close();
        }
    }
}
