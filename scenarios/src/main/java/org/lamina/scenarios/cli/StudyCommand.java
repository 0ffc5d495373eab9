package org.lamina.scenarios.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.neurons.ode.Integrator;
import org.lamina.scenarios.dsl.BadInputException;
import org.lamina.scenarios.run.KernelChoice;
import org.lamina.scenarios.run.RunFolder;
import org.lamina.scenarios.study.InhibitionStudy;
import org.lamina.sim.engine.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lamina study}: parameter studies of the dynamics. */
@Command(name = "study", mixinStandardHelpOptions = true, description = "Parameter studies of the dynamics.",
        subcommands = {StudyCommand.Inhibition.class})
public final class StudyCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "inhibition", mixinStandardHelpOptions = true,
            description = "Sweep the lateral inhibition strength w_inh of a Krotov-Hopfield population on random "
                    + "inputs; report active units, settling time and ODE-vs-ranking-shortcut agreement "
                    + "(table, CSV and PNG in a new run folder).")
    static final class Inhibition implements Callable<Integer> {
        @Option(names = "--units", defaultValue = "2000", description = "Units N (default: ${DEFAULT-VALUE}).")
        int units;

        @Option(names = "--inputs", defaultValue = "784", description = "Input size (default: ${DEFAULT-VALUE}).")
        int inputs;

        @Option(names = "--batch", defaultValue = "100", description = "Examples (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--w-inh", split = ",", defaultValue = "0,0.0001,0.0003,0.001,0.003,0.01,0.03,0.1,0.3,1",
                description = "Inhibition strengths to sweep, comma-separated (default: ${DEFAULT-VALUE}).")
        double[] inhibitions;

        @Option(names = "--max-steps", defaultValue = "1500", description = "Step cap per presentation (default: ${DEFAULT-VALUE}).")
        int maxSteps;

        @Option(names = "--dt", defaultValue = "0.5", description = "Step in ms; tau is 10 ms (default: ${DEFAULT-VALUE}).")
        double dtMs;

        @Option(names = "--integrator", defaultValue = "euler", description = "euler, exponential-euler or rk4 (default: ${DEFAULT-VALUE}).")
        String integrator;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--backend", defaultValue = "auto",
                description = "Kernel backend for the input currents: auto, opencl or java (default: ${DEFAULT-VALUE}).")
        String backend;

        @Mixin
        CommonOptions.RunsDir runs;

        @Override
        public Integer call() throws Exception {
            if (units < 7 || inputs < 1 || batch < 1 || maxSteps < 1 || !(dtMs > 0)) {
                throw new BadInputException("--units must be >= 7 (the shortcut's k); --inputs, --batch, --max-steps >= 1; --dt > 0");
            }
            if (Arrays.stream(inhibitions).anyMatch(w -> !(w >= 0))) {
                throw new BadInputException("--w-inh values must be >= 0: " + Arrays.toString(inhibitions));
            }
            try {
                Integrator.named(integrator, 1);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            KernelChoice kernels = KernelChoice.parse(backend);
            System.out.println(kernels.selection().summary());
            System.setProperty("java.awt.headless", "true");
            InhibitionStudy.Settings s = new InhibitionStudy.Settings(inputs, units, batch, maxSteps, dtMs, integrator, seed);
            ActorSystem<Void> system = Engine.actorSystem("lamina-study", 0);
            try {
                List<InhibitionStudy.Point> points = InhibitionStudy.sweep(system, s, kernels, inhibitions, System.out);
                Path dir = RunFolder.create(runs.path, "inhibition-study");
                InhibitionStudy.writeCsv(points, dir.resolve("inhibition-sweep.csv"));
                InhibitionStudy.writePlot(points, s, dir.resolve("inhibition-sweep.png"));
                System.out.println("results: " + dir.toAbsolutePath() + " (inhibition-sweep.csv, inhibition-sweep.png)");
                return 0;
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
        }
    }
}
