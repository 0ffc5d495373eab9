package org.lamina.sim.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.lamina.proto.Footer;
import org.lamina.proto.Header;
import org.lamina.sim.model.Phase;
import org.lamina.sim.trace.TraceFrame;
import org.lamina.sim.trace.TraceSink;

/**
 * Grants windows and collects "done" replies: the only actor that advances time. Each window
 * every population integrates {@code ≤ windowSteps} steps, sends its deliveries, and replies
 * with the frames it recorded; the coordinator merges those frames in a fixed order (step,
 * then population id) and hands them to the recorder, window by window in order.
 *
 * <p>Up to {@link Settings#windowsAhead()} windows are granted at once: a population starts a
 * window only when its inputs for it are complete, so granting ahead changes no result, and it
 * takes the coordinator's round trip off the critical path.
 *
 * <p>Any failure ends the run: populations are stopped, the trace gets a FAILED footer, and
 * the caller gets the diagnostic. An {@link Interrupt} (a signal) ends it at a window boundary:
 * no window is granted after it, those already granted complete and are written, and the trace
 * gets an INTERRUPTED footer. Every wait has a bound: a window that does not complete, a write the
 * recorder does not acknowledge and a trace it does not close within the window timeout each end
 * the run with a diagnostic.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    public sealed interface Command {
    }

    /** Advance {@code steps} more steps; replies {@link Advanced} or {@link Failed}. */
    public record Advance(long steps, ActorRef<Outcome> replyTo) implements Command {
    }

    /** Delivers the start or end of a phase to every population at the current step, and records it. */
    public record MarkPhase(Phase phase, boolean begin) implements Command {
    }

    /** Writes the footer, closes the trace and stops; replies {@link Finished} or {@link Failed}. */
    public record Finish(ActorRef<Outcome> replyTo) implements Command {
    }

    /**
     * Stops the run at the next window boundary: grants no further window, lets the granted ones
     * complete and be written, then closes the trace with an INTERRUPTED footer. The advance in
     * progress, and every later Advance or Finish, gets {@link Interrupted}.
     */
    public record Interrupt(String reason) implements Command {
    }

    /**
     * Between advances: saves the engine as it stands (every population's model, the emissions
     * in flight, the phases) and replies {@link Checkpointed}, or {@link CheckpointRefused} when
     * a model cannot be saved; the run goes on either way.
     */
    public record Checkpoint(ActorRef<Outcome> replyTo) implements Command {
    }

    /** Population → coordinator: its part of a checkpoint. */
    record PopulationSaved(int population, EngineCheckpoint.PopulationState state) implements Command {
    }

    /** Population → coordinator: it cannot be saved, and why. */
    record PopulationNotSaved(int population, String reason) implements Command {
    }

    private record CheckpointTimedOut() implements Command {
    }

    /** Population → coordinator: window integrated, deliveries sent; the frames it recorded. */
    public record WindowDone(int population, long window, List<TraceFrame> frames, long spikeEvents)
            implements Command {
        public WindowDone {
            frames = List.copyOf(frames);
        }
    }

    /** Population → coordinator: its model threw at {@code step}; the run must stop. */
    public record PopulationFailed(int population, String name, long step, String cause) implements Command {
    }

    record Written(long window) implements Command {
    }

    record RecorderFailed(String error) implements Command {
    }

    record RecorderClosed(long frames, String problem) implements Command {
    }

    private record WindowTimedOut(long window) implements Command {
    }

    /** The recorder has not acknowledged a write for a whole window timeout. */
    private record WritesTimedOut() implements Command {
    }

    /** The recorder has not confirmed the trace closed within a window timeout. */
    private record CloseTimedOut() implements Command {
    }

    /** Replies to {@link Advance} and {@link Finish}. */
    public sealed interface Outcome {
    }

    public record Advanced(long step) implements Outcome {
    }

    public record Finished(long steps, long frames, long spikeEvents) implements Outcome {
    }

    public record Failed(String diagnostic, String population, long step) implements Outcome {
    }

    /** Reply to {@link Checkpoint}. */
    public record Checkpointed(EngineCheckpoint checkpoint) implements Outcome {
    }

    /** Reply to {@link Checkpoint} when the engine cannot be saved now; the run is unharmed. */
    public record CheckpointRefused(String reason) implements Outcome {
    }

    /** The run stopped on request after {@code step} steps (every frame before it written). */
    public record Interrupted(String reason, long step, long frames, long spikeEvents) implements Outcome {
    }

    /** Engine tuning read from {@code lamina.engine}. */
    public record Settings(Duration windowTimeout, int maxWritesInFlight, int windowsAhead) {
        public Settings {
            if (maxWritesInFlight < 1 || windowsAhead < 1) {
                throw new IllegalArgumentException("max-writes-in-flight and windows-ahead must be >= 1");
            }
        }
    }

    /** A granted window that not every population has reported yet (or that waits for older ones). */
    private static final class OpenWindow {
        final long window;
        final long firstStep;
        final int steps;
        final List<List<TraceFrame>> frames;
        final boolean[] reported;
        int outstanding;
        long spikeEvents;

        OpenWindow(long window, long firstStep, int steps, int populations) {
            this.window = window;
            this.firstStep = firstStep;
            this.steps = steps;
            this.frames = new ArrayList<>(java.util.Collections.nCopies(populations, List.<TraceFrame>of()));
            this.reported = new boolean[populations];
            this.outstanding = populations;
        }
    }

    /** Makes the behaviour each population runs: {@link PopulationActor}, or a stand-in in protocol tests. */
    interface PopulationFactory {
        Behavior<PopulationActor.Command> create(PopulationActor.Setup setup, ActorRef<Command> coordinator);
    }

    public static Behavior<Command> create(Plan plan, TraceSink sink, Header header, Settings settings) {
        return create(plan, sink, header, settings, PopulationActor::create);
    }

    static Behavior<Command> create(Plan plan, TraceSink sink, Header header, Settings settings,
                                    PopulationFactory factory) {
        return create(plan, sink, header, settings, factory, null);
    }

    /**
     * As above, continuing from {@code resume} when it is not null: the populations start from
     * their saved states, and the trace (already holding its header and the frames before the
     * checkpoint) is appended to.
     */
    static Behavior<Command> create(Plan plan, TraceSink sink, Header header, Settings settings,
                                    PopulationFactory factory, EngineCheckpoint resume) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(
                t -> new Coordinator(ctx, t, plan, sink, header, settings, factory, resume)));
    }

    private final TimerScheduler<Command> timers;
    private final Plan plan;
    private final Settings settings;
    private final List<ActorRef<PopulationActor.Command>> populations = new ArrayList<>();
    private final ActorRef<TraceRecorder.Command> recorder;
    /** False when the sink is {@link TraceSink#NONE}: frames are then dropped here, not encoded and discarded. */
    private final boolean tracing;
    private final ArrayDeque<OpenWindow> open = new ArrayDeque<>();

    /** Every step before this is integrated by every population and handed to the recorder. */
    private long step;
    private long targetStep;
    private long nextGrantStep;
    private long nextWindow;
    private int writesInFlight;
    private long spikeEvents;
    private ActorRef<Outcome> advanceReply;
    private ActorRef<Outcome> finishReply;
    private Failed failure;
    /** A population failed inside a window; the run ends once every older window has completed. */
    private PopulationFailed pendingFailure;
    /** Why the run was asked to stop ({@link Interrupt}), or null. */
    private String interruption;
    private boolean closing;
    /** Frames handed to the recorder (with those before the checkpoint resumed from). */
    private long frames;
    /** A checkpoint in progress: its reply, the parts saved so far (by population id), how many are missing. */
    private ActorRef<Outcome> checkpointReply;
    private EngineCheckpoint.PopulationState[] saved;
    private int unsaved;
    private String notSaved;
    private boolean savesSent;

    private Coordinator(ActorContext<Command> ctx, TimerScheduler<Command> timers, Plan plan, TraceSink sink,
                        Header header, Settings settings, PopulationFactory factory, EngineCheckpoint resume) {
        super(ctx);
        this.timers = timers;
        this.plan = plan;
        this.settings = settings;
        this.tracing = sink != TraceSink.NONE;
        if (resume != null) {
            step = resume.step();
            nextWindow = resume.nextWindow();
            spikeEvents = resume.spikeEvents();
            frames = resume.frames();
        }
        this.recorder = ctx.spawn(TraceRecorder.create(sink, header, resume == null ? -1 : resume.frames()),
                "trace-recorder", DispatcherSelector.fromConfig(Engine.IO_DISPATCHER));
        ctx.watch(recorder);
        for (PopulationActor.Setup plain : plan.populations()) {
            PopulationActor.Setup s = resume == null ? plain : plain.withResume(new PopulationActor.Resume(
                    resume.populations().get(plain.id()), resume.step(), resume.nextWindow()));
            ActorRef<PopulationActor.Command> ref = ctx.spawn(factory.create(s, ctx.getSelf()),
                    "population-" + s.id() + "-" + s.name(), DispatcherSelector.fromConfig(Engine.COMPUTE_DISPATCHER));
            ctx.watch(ref);
            populations.add(ref);
        }
        for (int p = 0; p < populations.size(); p++) {
            List<PopulationActor.Outgoing> out = new ArrayList<>();
            for (Plan.Link l : plan.links()) {
                if (l.source() == p) {
                    out.add(new PopulationActor.Outgoing(l.projection(), populations.get(l.target())));
                }
            }
            populations.get(p).tell(new PopulationActor.Wire(out));
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Advance.class, this::onAdvance)
                .onMessage(MarkPhase.class, this::onMarkPhase)
                .onMessage(Finish.class, this::onFinish)
                .onMessage(Interrupt.class, this::onInterrupt)
                .onMessage(Checkpoint.class, this::onCheckpoint)
                .onMessage(PopulationSaved.class, this::onPopulationSaved)
                .onMessage(PopulationNotSaved.class, n -> {
                    if (checkpointReply != null) {
                        notSaved = notSaved == null ? n.reason() : notSaved + "; " + n.reason();
                        unsaved--;
                        checkpointDoneIfComplete();
                    }
                    return this;
                })
                .onMessage(CheckpointTimedOut.class, t -> {
                    if (checkpointReply != null) {
                        notSaved = "not every population saved within " + timeout();
                        unsaved = 0;
                        checkpointDoneIfComplete();
                    }
                    return this;
                })
                .onMessage(WindowDone.class, this::onWindowDone)
                .onMessage(PopulationFailed.class, this::onPopulationFailed)
                .onMessage(Written.class, this::onWritten)
                .onMessage(RecorderFailed.class, f -> fail(f.error(), "", step))
                .onMessage(RecorderClosed.class, this::onRecorderClosed)
                .onMessage(WindowTimedOut.class, this::onWindowTimedOut)
                .onMessage(WritesTimedOut.class, this::onWritesTimedOut)
                .onMessage(CloseTimedOut.class, c -> onRecorderClosed(new RecorderClosed(0, "the trace recorder did not"
                        + " close the trace within " + timeout() + " (the disk may be stalled): the trace"
                        + " may lack its footer")))
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    private Behavior<Command> onAdvance(Advance a) {
        if (failure != null) {
            a.replyTo().tell(failure);
        } else if (interruption != null && advanceReply == null) {
            advanceReply = a.replyTo(); // answered once the trace is closed
        } else if (closing || advanceReply != null || checkpointReply != null) {
            a.replyTo().tell(new Failed("advance requested while the simulation is "
                    + (closing ? "finishing" : advanceReply != null ? "already advancing" : "saving a checkpoint"), "",
                    step));
        } else if (a.steps() < 0) {
            a.replyTo().tell(new Failed("cannot advance a negative number of steps: " + a.steps(), "", step));
        } else {
            advanceReply = a.replyTo();
            targetStep = step + a.steps();
            nextGrantStep = step;
            grantNext();
        }
        return this;
    }

    private Behavior<Command> onMarkPhase(MarkPhase m) {
        if (failure == null && !closing && interruption == null) {
            // Applied by each population at this step, however far ahead it has been granted.
            long at = advanceReply != null ? nextGrantStep : step;
            for (ActorRef<PopulationActor.Command> p : populations) {
                p.tell(new PopulationActor.PhaseChange(m.phase(), m.begin(), at));
            }
            write(new TraceRecorder.Write(-1, List.of(TraceFrame.Phase.of(m.phase(), at, m.begin())),
                    getContext().getSelf()));
        }
        return this;
    }

    private Behavior<Command> onFinish(Finish f) {
        if (failure != null) {
            f.replyTo().tell(failure);
            return this;
        }
        if (interruption != null && finishReply == null) {
            finishReply = f.replyTo(); // answered once the trace is closed
            return this;
        }
        if (advanceReply != null || closing || checkpointReply != null) {
            f.replyTo().tell(new Failed("finish requested while the simulation is still "
                    + (closing ? "finishing" : advanceReply != null ? "advancing" : "saving a checkpoint"), "", step));
            return this;
        }
        finishReply = f.replyTo();
        close(footer(Footer.Status.COMPLETED, "", "", 0));
        return this;
    }

    private Behavior<Command> onInterrupt(Interrupt i) {
        if (failure == null && !closing && interruption == null) {
            getContext().getLog().debug("interrupting the simulation at the next window boundary: {}", i.reason());
            interruption = i.reason();
            closeIfInterrupted();
        }
        return this;
    }

    private Behavior<Command> onCheckpoint(Checkpoint c) {
        if (failure != null) {
            c.replyTo().tell(failure);
        } else if (closing || interruption != null || advanceReply != null || checkpointReply != null
                || !open.isEmpty()) {
            c.replyTo().tell(new CheckpointRefused("a checkpoint is taken between advances, not while the simulation is "
                    + (closing || interruption != null ? "stopping" : "running")));
        } else {
            checkpointReply = c.replyTo();
            saved = new EngineCheckpoint.PopulationState[populations.size()];
            unsaved = populations.size();
            notSaved = null;
            timers.startSingleTimer(CHECKPOINT_TIMEOUT_KEY, new CheckpointTimedOut(), settings.windowTimeout());
            saveWhenWritten();
        }
        return this;
    }

    /** Asks the populations to save once the frames before the checkpoint (a phase mark's) are in the sink. */
    private void saveWhenWritten() {
        if (checkpointReply == null || saved == null || writesInFlight > 0 || unsaved < populations.size()
                || savesSent) {
            return;
        }
        savesSent = true;
        for (ActorRef<PopulationActor.Command> p : populations) {
            p.tell(new PopulationActor.Save(step));
        }
        checkpointDoneIfComplete();
    }

    private Behavior<Command> onPopulationSaved(PopulationSaved s) {
        if (checkpointReply != null && saved[s.population()] == null) {
            saved[s.population()] = s.state();
            unsaved--;
            checkpointDoneIfComplete();
        }
        return this;
    }

    private void checkpointDoneIfComplete() {
        if (unsaved > 0 || !savesSent && notSaved == null) {
            return;
        }
        savesSent = false;
        timers.cancel(CHECKPOINT_TIMEOUT_KEY);
        ActorRef<Outcome> reply = checkpointReply;
        checkpointReply = null;
        reply.tell(notSaved != null ? new CheckpointRefused(notSaved)
                : new Checkpointed(new EngineCheckpoint(step, nextWindow, frames, spikeEvents, List.of(saved))));
        saved = null;
    }

    /** Once an interrupted run has no window open (and no failure pending), closes the trace. */
    private void closeIfInterrupted() {
        if (interruption != null && !closing && failure == null && pendingFailure == null && open.isEmpty()) {
            close(footer(Footer.Status.INTERRUPTED, interruption, "", 0));
        }
    }

    /** Asks the recorder to write {@code footer} and close the trace, within the window timeout. */
    private void close(Footer footer) {
        closing = true;
        recorder.tell(new TraceRecorder.Close(footer, getContext().getSelf()));
        timers.startSingleTimer(CLOSE_TIMEOUT_KEY, new CloseTimedOut(), settings.windowTimeout());
    }

    /** Hands frames to the recorder; a write not acknowledged within the window timeout ends the run. */
    private void write(TraceRecorder.Write w) {
        frames += w.frames().size();
        if (writesInFlight++ == 0) {
            timers.startSingleTimer(WRITES_TIMEOUT_KEY, new WritesTimedOut(), settings.windowTimeout());
        }
        recorder.tell(w);
    }

    /** Grants windows until {@code windowsAhead} are open; replies when the target is reached. */
    private void grantNext() {
        if (failure != null || pendingFailure != null || advanceReply == null || interruption != null) {
            return;
        }
        // Reply only once every frame up to the target is in the sink, so a caller that reads
        // the sink after an advance (per-epoch metrics) sees all of it.
        if (step >= targetStep && open.isEmpty() && writesInFlight == 0) {
            ActorRef<Outcome> reply = advanceReply;
            advanceReply = null;
            reply.tell(new Advanced(step));
            return;
        }
        // The recorder bounds memory: onWritten resumes granting.
        while (open.size() < settings.windowsAhead() && nextGrantStep < targetStep
                && writesInFlight < settings.maxWritesInFlight()) {
            int length = (int) Math.min(plan.windowSteps(), targetStep - nextGrantStep);
            OpenWindow w = new OpenWindow(nextWindow++, nextGrantStep, length, populations.size());
            if (open.isEmpty()) {
                timers.startSingleTimer(TIMEOUT_KEY, new WindowTimedOut(w.window), settings.windowTimeout());
            }
            open.addLast(w);
            nextGrantStep += length;
            PopulationActor.Grant g = new PopulationActor.Grant(w.window, w.firstStep, length);
            for (ActorRef<PopulationActor.Command> p : populations) {
                p.tell(g);
            }
        }
    }

    private Behavior<Command> onWindowDone(WindowDone d) {
        if (failure != null) {
            return this;
        }
        OpenWindow w = findOpen(d.window());
        String name = plan.populations().get(d.population()).name();
        if (w == null || w.reported[d.population()]) {
            return fail("population " + name + " reported window " + d.window() + " unexpectedly", name, step);
        }
        w.reported[d.population()] = true;
        w.frames.set(d.population(), d.frames());
        w.spikeEvents += d.spikeEvents();
        w.outstanding--;
        // Windows complete in order: hand each finished window at the head to the recorder.
        while (!open.isEmpty() && open.peekFirst().outstanding == 0) {
            OpenWindow done = open.pollFirst();
            if (tracing) {
                List<TraceFrame> merged = new ArrayList<>();
                for (List<TraceFrame> f : done.frames) {
                    merged.addAll(f);
                }
                merged.sort(BY_STEP); // stable: ties keep population-id order
                if (!merged.isEmpty()) {
                    write(new TraceRecorder.Write(done.window, merged, getContext().getSelf()));
                }
            }
            spikeEvents += done.spikeEvents;
            step = done.firstStep + done.steps;
            timers.cancel(TIMEOUT_KEY);
            if (!open.isEmpty()) {
                timers.startSingleTimer(TIMEOUT_KEY, new WindowTimedOut(open.peekFirst().window), settings.windowTimeout());
            }
        }
        if (pendingFailure != null) {
            return failIfOlderWindowsDone();
        }
        if (interruption != null) {
            closeIfInterrupted();
            return this;
        }
        grantNext();
        return this;
    }

    private OpenWindow findOpen(long window) {
        for (OpenWindow w : open) {
            if (w.window == window) {
                return w;
            }
        }
        return null;
    }

    private Behavior<Command> onWritten(Written w) {
        writesInFlight--;
        if (writesInFlight == 0) {
            timers.cancel(WRITES_TIMEOUT_KEY);
        } else if (failure == null) {
            // The recorder is making progress: the bound applies to the next write.
            timers.startSingleTimer(WRITES_TIMEOUT_KEY, new WritesTimedOut(), settings.windowTimeout());
        }
        grantNext();
        saveWhenWritten();
        return this;
    }

    private Behavior<Command> onWritesTimedOut(WritesTimedOut t) {
        if (writesInFlight == 0 || failure != null) {
            return this;
        }
        return fail("the trace recorder acknowledged no write within " + timeout() + " (" + writesInFlight
                + " window(s) of frames waiting; the disk may be stalled or full)", "", step);
    }

    /**
     * A failure inside a window ends the run only after every older window has completed, so
     * that a failed run's trace, like any other, does not depend on scheduling.
     */
    private Behavior<Command> onPopulationFailed(PopulationFailed f) {
        if (failure != null) {
            return this;
        }
        if (f.step() < 0) {
            return failWith(f);
        }
        if (pendingFailure == null || f.step() < pendingFailure.step()
                || (f.step() == pendingFailure.step() && f.population() < pendingFailure.population())) {
            pendingFailure = f;
        }
        return failIfOlderWindowsDone();
    }

    private Behavior<Command> failIfOlderWindowsDone() {
        OpenWindow head = open.peekFirst();
        if (head == null || head.firstStep + head.steps > pendingFailure.step()) {
            return failWith(pendingFailure);
        }
        return this;
    }

    private Behavior<Command> failWith(PopulationFailed f) {
        String where = f.step() < 0 ? "while being created" : "at step " + f.step();
        return fail("population '" + f.name() + "' (id " + f.population() + ") failed " + where + ": " + f.cause(),
                f.name(), f.step());
    }

    private Behavior<Command> onWindowTimedOut(WindowTimedOut t) {
        OpenWindow w = open.peekFirst();
        if (w == null || w.window != t.window()) {
            return this;
        }
        List<String> missing = new ArrayList<>();
        for (int p = 0; p < w.reported.length; p++) {
            if (!w.reported[p]) {
                missing.add(plan.populations().get(p).name());
            }
        }
        return fail("window " + w.window + " (steps " + w.firstStep + ".." + (w.firstStep + w.steps - 1)
                + ") did not complete within " + timeout() + "; no report from " + missing,
                missing.isEmpty() ? "" : missing.get(0), w.firstStep);
    }

    private Behavior<Command> onTerminated(Terminated t) {
        if (t.getRef().equals(recorder)) {
            if (!closing) {
                return fail("the trace recorder stopped unexpectedly", "", step);
            }
            return this;
        }
        if (failure == null && pendingFailure == null && !closing) {
            int p = populations.indexOf(t.getRef());
            String name = p >= 0 ? plan.populations().get(p).name() : t.getRef().path().name();
            return fail("population '" + name + "' stopped unexpectedly", name, step);
        }
        return this;
    }

    private Behavior<Command> fail(String diagnostic, String population, long failedStep) {
        if (failure != null) {
            return this;
        }
        getContext().getLog().error("simulation failed: {}", diagnostic);
        failure = new Failed(diagnostic, population, failedStep);
        open.clear();
        timers.cancelAll();
        for (ActorRef<PopulationActor.Command> p : populations) {
            getContext().unwatch(p);
            getContext().stop(p);
        }
        if (!closing) {
            close(footer(Footer.Status.FAILED, diagnostic, population, failedStep));
        } else {
            // Already closing (finishing or interrupted): keep the bound on the close.
            timers.startSingleTimer(CLOSE_TIMEOUT_KEY, new CloseTimedOut(), settings.windowTimeout());
        }
        return this;
    }

    private Behavior<Command> onRecorderClosed(RecorderClosed c) {
        timers.cancelAll();
        if (failure == null && c.problem() != null) {
            failure = new Failed(c.problem(), "", step);
        }
        Outcome outcome = failure != null ? failure
                : interruption != null ? new Interrupted(interruption, step, c.frames(), spikeEvents)
                : new Finished(step, c.frames(), spikeEvents);
        if (advanceReply != null) {
            advanceReply.tell(outcome);
            advanceReply = null;
        }
        if (finishReply != null) {
            finishReply.tell(outcome);
            finishReply = null;
        }
        if (failure == null) {
            for (ActorRef<PopulationActor.Command> p : populations) {
                getContext().unwatch(p);
                getContext().stop(p);
            }
        }
        // Stay alive (stopped children) so late Advance/Finish calls still get the outcome.
        return Behaviors.receive(Command.class)
                .onMessage(Advance.class, a -> {
                    a.replyTo().tell(outcome instanceof Finished ? new Failed("the simulation has finished", "", step)
                            : outcome);
                    return Behaviors.same();
                })
                .onMessage(Finish.class, f -> {
                    f.replyTo().tell(outcome);
                    return Behaviors.same();
                })
                .onAnyMessage(m -> Behaviors.same())
                .onSignal(Terminated.class, t -> Behaviors.same())
                .build();
    }

    private Footer footer(Footer.Status status, String error, String population, long failedStep) {
        return Footer.newBuilder()
                .setStatus(status)
                .setStepsCompleted(step)
                .setSpikeEvents(spikeEvents)
                .setError(error)
                .setFailedPopulation(population)
                .setFailedStep(status == Footer.Status.FAILED ? failedStep : 0)
                .build();
    }

    /** The window timeout as its setting reads, e.g. {@code 10m (lamina.engine.window-timeout)}. */
    private String timeout() {
        Duration d = settings.windowTimeout();
        String text = d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() % 60 != 0 ? d.toSeconds() + "s"
                : d.toMinutes() % 60 != 0 ? d.toMinutes() + "m" : d.toHours() + "h";
        return text + " (lamina.engine.window-timeout)";
    }

    private static final Object TIMEOUT_KEY = "window-timeout";
    private static final Object WRITES_TIMEOUT_KEY = "writes-timeout";
    private static final Object CLOSE_TIMEOUT_KEY = "close-timeout";
    private static final Object CHECKPOINT_TIMEOUT_KEY = "checkpoint-timeout";

    private static final Comparator<TraceFrame> BY_STEP = Comparator.comparingLong(TraceFrame::step);
}
