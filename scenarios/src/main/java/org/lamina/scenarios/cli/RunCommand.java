package org.lamina.scenarios.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.scenarios.demo.DemoNetwork;
import org.lamina.scenarios.run.KernelChoice;
import org.lamina.scenarios.run.RunFolder;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.engine.SimulationFailedException;
import org.lamina.sim.trace.TraceFileWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lamina run}: runs the built-in demo network and writes its trace into a new run folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the built-in demo network (Poisson input -> LIF layer with lateral inhibition -> "
                + "LIF output) and write its trace into a new run folder.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--steps", defaultValue = "2000", description = "Steps to simulate (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "4", description = "Examples simulated in parallel (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--dt", defaultValue = "0.5", description = "Step size in ms (default: ${DEFAULT-VALUE}).")
    double dtMs;

    @Option(names = "--threads", defaultValue = "0",
            description = "Compute threads (default: one per core). Results do not depend on it.")
    int threads;

    @Option(names = "--backend", defaultValue = "auto",
            description = "Kernel backend: auto, opencl or java (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) {
            throw new BadInputException("--steps must be >= 1, got " + steps);
        }
        DemoNetwork demo;
        try {
            demo = new DemoNetwork(seed, batch, dtMs);
            demo.network();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        KernelChoice kernels = KernelChoice.parse(backend);
        System.out.println(kernels.selection().summary());
        Path dir = RunFolder.create(runsDir, "demo");
        Path trace = dir.resolve(RunFolder.TRACE_FILE);
        ActorSystem<Void> system = Engine.actorSystem("lamina", threads);
        long start = System.nanoTime();
        try {
            Simulation sim = Simulation.start(system, demo.network(), demo.recording(), TraceFileWriter.create(trace),
                    new RunInfo("demo", demo.describe(steps), kernels.traceHeader()), kernels.services());
            Simulation.Summary s = sim.runToEnd(steps);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("demo: %d steps (%.1f ms simulated) x %d examples in %.2f s; %d spike events, %d frames%n",
                    s.steps(), s.steps() * dtMs, batch, took.toMillis() / 1000.0, s.spikeEvents(), s.frames());
            System.out.println("trace: " + trace.toAbsolutePath());
            System.out.println("inspect it with: ./lamina trace summary " + trace);
            return 0;
        } catch (SimulationFailedException e) {
            System.err.println("run failed: " + e.getMessage());
            System.err.println("the trace up to the failure is in " + trace.toAbsolutePath());
            return Main.EXIT_RUN_FAILED;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
