package org.lamina.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.EngineCheckpoint;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.engine.SimulationInterruptedException;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.trace.TraceFileWriter;

/**
 * Runs a resolved scenario ({@link ScenarioResolver}) through the engine into a new run folder:
 * {@code scenario.conf} (the resolved scenario) and {@code trace.lamina}, and whatever its
 * listeners write as the run goes ({@link RunOutputs#standard}: manifest, metrics.json, figures,
 * report, console lines). Each phase of the schedule is marked in the trace; a phase that counts
 * epochs is advanced epoch by epoch, each epoch handed to the listeners. On a console, long
 * stretches show a progress bar.
 */
public final class ScenarioRunner {
    public static final String SCENARIO_FILE = "scenario.conf";
    /** A phase is advanced in this many chunks, so progress can be shown (results do not depend on it). */
    private static final int PROGRESS_CHUNKS = 100;

    /** What a run left behind; {@code controls}: each control's run ({@link Scenario#controls()}), by name. */
    public record Outcome(Path folder, Path trace, Simulation.Summary summary, double seconds, Map<String, Double> means,
                          Map<String, Double> lasts, Map<String, Double> testAccuracy, Map<String, Outcome> controls) {
        public Outcome(Path folder, Path trace, Simulation.Summary summary, double seconds, Map<String, Double> means,
                       Map<String, Double> lasts, Map<String, Double> testAccuracy) {
            this(folder, trace, summary, seconds, means, lasts, testAccuracy, Map.of());
        }

        Outcome withControls(Map<String, Outcome> runs) {
            return new Outcome(folder, trace, summary, seconds, means, lasts, testAccuracy, Map.copyOf(runs));
        }
    }

    /** Each population's accuracy in the last test pass, by population (empty when nothing was tested). */
    static Map<String, Double> testAccuracy(MetricsCollector metrics) {
        Map<String, Double> acc = new java.util.LinkedHashMap<>();
        for (MetricsCollector.EpochRecord r : metrics.epochs()) {
            if (r.test()) {
                acc.putAll(r.accuracy());
            }
        }
        return acc;
    }

    /** How long a run waits for its actor system to stop before it goes on without (a thread stuck in I/O). */
    private static final Duration TERMINATION_WAIT = Duration.ofSeconds(30);

    private final List<RunListener> listeners;
    private final PrintStream out;
    private final RunStop stop;

    /** A runner that tells {@code listeners}; {@code out} shows phase lines. */
    public ScenarioRunner(List<RunListener> listeners, PrintStream out) {
        this(listeners, out, RunStop.NONE);
    }

    /** As above; {@code stop} may stop the run early ({@link RunInterruptedException}). */
    public ScenarioRunner(List<RunListener> listeners, PrintStream out, RunStop stop) {
        this.listeners = List.copyOf(listeners);
        this.out = out;
        this.stop = stop;
    }

    /** Runs with the standard outputs ({@link RunOutputs#standard}), printing to {@code out}. */
    public static Outcome run(Scenario scenario, String source, List<String> overrides, KernelChoice kernels,
                              int threads, Path runsRoot, PrintStream out) throws IOException {
        return run(scenario, scenario.name(), source, overrides, kernels, threads, runsRoot, out, RunStop.NONE);
    }

    /** As above, with the run folder named {@code folderName-<date>-<time>}, stopped early by {@code stop}. */
    public static Outcome run(Scenario scenario, String folderName, String source, List<String> overrides,
                              KernelChoice kernels, int threads, Path runsRoot, PrintStream out, RunStop stop)
            throws IOException {
        Outcome main = new ScenarioRunner(RunOutputs.standard(out), out, stop).execute(scenario, folderName, source,
                overrides, kernels, threads, runsRoot);
        if (scenario.controls().isEmpty()) {
            return main;
        }
        Map<String, Outcome> controls = new java.util.LinkedHashMap<>();
        for (String c : scenario.controls()) {
            out.println("control " + c + ": the same schedule without its unsupervised phases, so the same readout"
                    + " learns on the layers' initial (random) weights");
            Scenario control = scenario.control(c);
            PrintStream tagged = prefixed(out, "[control " + c + "] ");
            controls.put(c, new ScenarioRunner(RunOutputs.standard(tagged), tagged, stop).execute(control, "control-" + c,
                    source, overrides, kernels, threads, main.folder()));
            tagged.flush();
        }
        RunOutputs.addControls(main, controls);
        return main.withControls(controls);
    }

    /**
     * Runs {@code scenario} into a new folder under {@code runsRoot}, locked ({@link RunLock}) while
     * it runs.
     *
     * @throws RunInterruptedException when the runner's {@link RunStop} stopped it (its outputs written)
     * @throws org.lamina.sim.engine.SimulationFailedException when the simulation failed (its outputs written)
     */
    public Outcome execute(Scenario scenario, String folderName, String source, List<String> overrides,
                           KernelChoice runKernels, int threads, Path runsRoot) throws IOException {
        if (!scenario.loaded()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " is not resolved: load its data and"
                    + " weights with ScenarioResolver before running it");
        }
        // The populations' own backends, selected before anything is written (one that cannot run here is bad input).
        KernelChoice kernels = runKernels.forScenario(scenario);
        kernels.summaries().stream().skip(1).forEach(out::println);
        if (stop.requested().isPresent()) {
            throw new RunInterruptedException(stop.requested().get(), null, 0, null); // a later point of a sweep
        }
        Path dir = RunFolder.create(runsRoot, folderName);
        RunLock lock = null;
        try {
            lock = RunLock.acquire(dir);
        } catch (IOException e) {
            // A file system without locks (some network ones): the run goes on, but its death could not be told.
            out.println("note: cannot lock " + dir.resolve(RunLock.FILE) + " (" + e.getMessage() + "): should this run"
                    + " be killed, `lamina runs` cannot tell that it is dead");
        }
        try {
            return execute(scenario, dir, source, overrides, kernels, threads);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * Continues the run in {@code dir} from a checkpoint ({@link RunResume#prepare}): the trace is
     * cut back to it and appended to, the outputs rebuilt from what it recorded, and the schedule
     * goes on from where it stood. The run folder is locked while it runs.
     */
    public Outcome resume(RunResume resume, KernelChoice runKernels, int threads) throws IOException {
        KernelChoice kernels = runKernels.forScenario(resume.scenario());
        kernels.summaries().stream().skip(1).forEach(out::println);
        RunLock lock = RunLock.acquire(resume.folder());
        try {
            return execute(resume.scenario(), resume.folder(), resume.source(), resume.overrides(), kernels, threads,
                    resume);
        } finally {
            lock.close();
        }
    }

    private Outcome execute(Scenario scenario, Path dir, String source, List<String> overrides, KernelChoice kernels,
                            int threads) throws IOException {
        return execute(scenario, dir, source, overrides, kernels, threads, null);
    }

    private Outcome execute(Scenario scenario, Path dir, String source, List<String> overrides, KernelChoice kernels,
                            int threads, RunResume resume) throws IOException {
        Path trace = dir.resolve(RunFolder.TRACE_FILE);
        String text = resume == null ? scenario.toHocon() : resume.scenarioText();
        TraceFileWriter writer;
        MetricsCollector metrics;
        List<String> resumes = new ArrayList<>();
        if (resume == null) {
            Files.writeString(dir.resolve(SCENARIO_FILE), text);
            writer = TraceFileWriter.create(trace);
            metrics = new MetricsCollector(writer, scenario.populations().stream().map(PopulationSpec::name).toList());
        } else {
            writer = resume.continueTrace();
            metrics = new MetricsCollector(writer, scenario.populations().stream().map(PopulationSpec::name).toList());
            resumes.addAll(resume.earlierResumes());
            resumes.add(resume.describe());
        }
        RunRecord run = new RunRecord(dir, scenario, source, overrides, kernels, metrics, new ArrayList<>(), resumes);
        if (resume != null) {
            resume.restore(metrics, run.timings());
        }
        ActorSystem<Void> system = Engine.actorSystem("lamina", threads);
        long t0 = System.nanoTime();
        double secondsBefore = resume == null ? 0 : resume.checkpoint().getSeconds();
        try {
            for (RunListener l : listeners) {
                l.started(run);
            }
            RunInfo info = new RunInfo(scenario.name(), text, kernels.traceHeader());
            Simulation sim = resume == null
                    ? Simulation.start(system, scenario.network(), scenario.recording(), metrics, info, kernels.services())
                    : Simulation.resume(system, scenario.network(), scenario.recording(), metrics, info, kernels.services(),
                    resume.engine());
            stop.running(sim);
            Checkpointer checkpoints = new Checkpointer(sim, run, writer, text, () -> secondsBefore
                    + (System.nanoTime() - t0) / 1e9);
            org.lamina.proto.SchedulePosition from = resume == null
                    ? org.lamina.proto.SchedulePosition.getDefaultInstance() : resume.checkpoint().getSchedule();
            for (int i = from.getPhase(); i < scenario.schedule().size(); i++) {
                Scenario.Phase p = scenario.schedule().get(i);
                boolean resumed = i == from.getPhase();
                long start = System.nanoTime();
                if (p.byEpochs()) {
                    runEpochs(sim, run, p, i, resumed ? from.getEpochsDone() : 0, resumed && from.getPhaseOpen(),
                            checkpoints);
                } else {
                    out.printf("phase %s: %d steps%n", p.name(), p.steps());
                    Phase phase = p.inEngine(sim.network());
                    sim.markPhase(phase, true);
                    advanceWithProgress(sim, p.name(), p.steps(), scenario.batch(), 0);
                    sim.markPhase(phase, false);
                }
                run.timings().add(new MetricsCollector.PhaseTiming(p.name(), p.steps(), (System.nanoTime() - start) / 1e9,
                        scenario.batch()));
                if (i + 1 < scenario.schedule().size()) {
                    checkpoints.save(i + 1, 0, false);
                }
            }
            Simulation.Summary summary = sim.finish().toCompletableFuture().join();
            stop.ended();
            for (RunListener l : listeners) {
                l.finished(run, RunStatus.COMPLETED, "");
            }
            return new Outcome(dir, trace, summary, (System.nanoTime() - t0) / 1e9, metrics.lastMeans(),
                    metrics.lastValues(), testAccuracy(metrics));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // Whatever stops the run (the engine, a signal, or writing its outputs), the folder says so.
            stop.ended();
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            boolean interrupted = cause instanceof SimulationInterruptedException;
            String error = cause instanceof OutOfMemoryError ? "out of memory (" + cause.getMessage() + "; give Java more"
                    + " with -Xmx, or make the scenario smaller)" : String.valueOf(cause.getMessage());
            for (RunListener l : listeners) {
                try {
                    l.finished(run, interrupted ? RunStatus.INTERRUPTED : RunStatus.FAILED, error);
                } catch (IOException | RuntimeException | OutOfMemoryError again) {
                    cause.addSuppressed(again);
                }
            }
            if (cause instanceof SimulationInterruptedException i) {
                throw new RunInterruptedException(i.reason(), dir, i.step(), i);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(TERMINATION_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                out.println("warning: the engine's threads did not stop within " + TERMINATION_WAIT.toSeconds()
                        + " s (one may be stuck writing to a stalled disk); going on without them");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // terminated with an error: nothing left to wait for
            }
        }
    }

    /**
     * A phase that counts epochs: each epoch (the first one also waits {@code drainSteps} for the
     * pipeline to fill, so an epoch's metrics are those of its own minibatches) is one advance,
     * its metrics kept and printed; with {@code testEachEpoch} the phase ends after each epoch
     * for a pass over the test split. A resumed phase starts after its {@code epochsDone} epochs,
     * already begun in the engine when {@code open}. Every {@code checkpoint.every} epochs
     * (before the last) a checkpoint is saved.
     */
    private void runEpochs(Simulation sim, RunRecord run, Scenario.Phase p, int index, int epochsDone, boolean open,
                           Checkpointer checkpoints) {
        Scenario scenario = run.scenario();
        int spp = stepsPerPresentation(scenario);
        // A test pass counts the test split's examples, not the padding that fills its last minibatch.
        long testSplit = testSplitSize(scenario);
        long examplesPerEpoch = p.kind() == PhaseKind.TEST && testSplit > 0 ? testSplit
                : p.epochSteps() / spp * scenario.batch();
        Phase phase = p.inEngine(sim.network());
        Phase epochTest = Phase.fixed(Scenario.EPOCH_TEST_PHASE, PhaseKind.TEST);
        if (!p.testEachEpoch() && !open) {
            sim.markPhase(phase, true);
        }
        int every = scenario.checkpoint().every();
        for (int e = epochsDone + 1; e <= p.epochs(); e++) {
            long steps = p.testEachEpoch() || e == 1 ? p.epochSteps() + p.drainSteps() : p.epochSteps();
            if (p.testEachEpoch()) {
                sim.markPhase(phase, true);
            }
            epoch(sim, run, p.name(), p.kind() == PhaseKind.TEST, e, p.epochs(), steps, examplesPerEpoch, spp);
            if (p.testEachEpoch()) {
                sim.markPhase(phase, false);
                long testExamples = testSplit > 0 ? testSplit : (p.testSteps() - p.drainSteps()) / spp * scenario.batch();
                sim.markPhase(epochTest, true);
                epoch(sim, run, Scenario.EPOCH_TEST_PHASE, true, e, p.epochs(), p.testSteps(), testExamples, spp);
                sim.markPhase(epochTest, false);
            }
            if (every > 0 && e % every == 0 && e < p.epochs()) {
                checkpoints.save(index, e, !p.testEachEpoch());
            }
        }
        if (!p.testEachEpoch()) {
            sim.markPhase(phase, false);
        }
    }

    private void epoch(Simulation sim, RunRecord run, String phase, boolean test, int epoch, int epochs, long steps,
                       long examples, int spp) {
        run.metrics().beginEpoch(phase, epoch, test);
        long t0 = System.nanoTime();
        advanceWithProgress(sim, phase + (epochs > 1 ? " " + epoch + "/" + epochs : ""), steps, run.scenario().batch(), spp);
        MetricsCollector.EpochRecord record = run.metrics().endEpoch((System.nanoTime() - t0) / 1e9, examples);
        for (RunListener l : listeners) {
            l.epoch(run, record, epochs);
        }
    }

    /** Examples in the scenario's test split, or 0 when it has none. */
    private static long testSplitSize(Scenario s) {
        return s.populations().stream().filter(p -> p.model() instanceof DatasetInput in && in.testShape() != null)
                .findFirst().map(p -> (long) ((DatasetInput) p.model()).testShape().size()).orElse(0L);
    }

    private static int stepsPerPresentation(Scenario s) {
        return s.populations().stream().filter(p -> p.model() instanceof DatasetInput).findFirst()
                .map(p -> ((DatasetInput) p.model()).stepsPerPresentation()).orElse(1);
    }

    /**
     * Advances {@code steps}; on a console, in chunks with a progress bar (examples/s when
     * {@code stepsPerPresentation} > 0, else steps/s; ETA).
     */
    private static void advanceWithProgress(Simulation sim, String task, long steps, int batch, int stepsPerPresentation) {
        if (System.console() == null || steps < 200) {
            sim.advance(steps).toCompletableFuture().join();
            return;
        }
        boolean examples = stepsPerPresentation > 0;
        long total = examples ? steps / stepsPerPresentation * batch : steps;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setUnit(examples ? " examples" : " steps", 1).setStyle(ProgressBarStyle.ASCII).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            long chunk = Math.max(1, steps / PROGRESS_CHUNKS);
            for (long done = 0; done < steps; done += chunk) {
                long n = Math.min(chunk, steps - done);
                sim.advance(n).toCompletableFuture().join();
                bar.stepTo(examples ? Math.min(total, (done + n) / stepsPerPresentation * batch) : done + n);
            }
        }
    }

    /** {@code out} with {@code prefix} at the start of every line (a control run's lines, told apart from the run's). */
    static PrintStream prefixed(PrintStream out, String prefix) {
        byte[] tag = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new PrintStream(new java.io.OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                if (lineStart) {
                    out.write(tag, 0, tag.length);
                }
                out.write(b);
                lineStart = b == '\n';
            }

            @Override
            public void flush() {
                out.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The SHA-256 of a resolved scenario's text, in hex: a checkpoint resumes only the run whose scenario.conf this is. */
    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** The runner's own state at a checkpoint: the collector's epochs and the phase timings so far. */
    static String runnerState(RunRecord run) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        try {
            root.set("metrics", json.readTree(run.metrics().saveState()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        com.fasterxml.jackson.databind.node.ArrayNode timings = root.putArray("timings");
        for (MetricsCollector.PhaseTiming t : run.timings()) {
            timings.addObject().put("name", t.name()).put("steps", t.steps()).put("seconds", t.seconds())
                    .put("batch", t.batch());
        }
        return root.toString();
    }

    /**
     * Saves checkpoints as the schedule goes ({@code checkpoint} of the scenario): the engine's,
     * with the trace's length, the schedule's position and the runner's own state, into the run
     * folder ({@link CheckpointFiles}). A network with a model that cannot be saved gets one note
     * and no checkpoints; a checkpoint that cannot be written gets a warning, and the run goes on.
     */
    private final class Checkpointer {
        private final Simulation sim;
        private final RunRecord run;
        private final TraceFileWriter trace;
        private final String scenarioSha256;
        private final java.util.function.DoubleSupplier seconds;
        private boolean off;
        private int failedWrites;

        Checkpointer(Simulation sim, RunRecord run, TraceFileWriter trace, String scenarioText,
                     java.util.function.DoubleSupplier seconds) {
            this.sim = sim;
            this.run = run;
            this.trace = trace;
            this.scenarioSha256 = sha256(scenarioText);
            this.seconds = seconds;
        }

        /** Saves the run as it stands: phase {@code phase} of the schedule next, after {@code epochsDone} of its epochs. */
        void save(int phase, int epochsDone, boolean phaseOpen) {
            Scenario.CheckpointSpec spec = run.scenario().checkpoint();
            if (off || !spec.enabled()) {
                return;
            }
            EngineCheckpoint engine;
            try {
                engine = sim.checkpoint().toCompletableFuture().join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof IllegalStateException refused) {
                    out.println("note: this run saves no checkpoints (" + refused.getMessage() + "); `lamina resume`"
                            + " cannot continue it");
                    off = true;
                    return;
                }
                throw e;
            }
            try {
                trace.sync();
                org.lamina.proto.Checkpoint c = org.lamina.proto.Checkpoint.newBuilder()
                        .setFormatVersion(RunResume.FORMAT_VERSION)
                        .setLaminaVersion(org.lamina.sim.engine.Provenance.laminaVersion())
                        .setScenarioSha256(scenarioSha256)
                        .setSeed(run.scenario().seed())
                        .setTraceBytes(trace.bytesWritten())
                        .setSchedule(org.lamina.proto.SchedulePosition.newBuilder().setPhase(phase)
                                .setEpochsDone(epochsDone).setPhaseOpen(phaseOpen))
                        .setEngine(org.lamina.sim.codec.CheckpointCodec.toProto(engine))
                        .setRunner(org.lamina.proto.RunnerState.newBuilder().setStateJson(runnerState(run)))
                        .setSeconds(seconds.getAsDouble())
                        .build();
                Path written = CheckpointFiles.write(run.folder(), c, spec.keep());
                if (failedWrites > 0) {
                    out.println("note: " + written.getFileName() + " written, after " + failedWrites + " that could not be");
                    failedWrites = 0;
                }
            } catch (IOException e) {
                // A full disk fails every epoch: said once, until a checkpoint is written again.
                if (failedWrites++ == 0) {
                    out.println("warning: " + e.getMessage() + "; the run goes on, and tries again at the next"
                            + " checkpoint without saying so each time");
                }
            }
        }
    }
}
