package org.lamina.sim.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.lamina.proto.Header;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.Services;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.trace.TraceSink;

/**
 * A running simulation, seen from outside the actor system: advance it, mark phases, finish it.
 * Lifecycle: {@link #start} builds the actors from a network spec and writes the trace header;
 * {@link #advance} may be called repeatedly (one at a time); {@link #finish} writes the footer,
 * closes the trace and stops the actors; {@link #interrupt} stops it early, at a window boundary.
 * Failures arrive as {@link SimulationFailedException}, an interruption as
 * {@link SimulationInterruptedException}.
 *
 * <p>No call waits forever: the coordinator bounds every wait of its own (windows, writes, the
 * footer) by {@code lamina.engine.window-timeout}, and should the coordinator itself stop without
 * replying (an error inside the engine), every pending and later call fails at once.
 */
public final class Simulation {
    /**
     * Upper bound on one ask. An advance may legitimately take days (a whole training phase): the
     * coordinator's window timeout and the watch on the coordinator are what end a stuck run.
     */
    private static final Duration ASK_TIMEOUT = Duration.ofDays(180);

    private final ActorSystem<?> system;
    private final ActorRef<Coordinator.Command> coordinator;
    private final NetworkSpec network;
    /** Completes when the coordinator has stopped (it never does while the run can still reply). */
    private final CompletableFuture<Void> coordinatorStopped;
    /** Replies still awaited, each failed at once should the coordinator stop. */
    private final Set<CompletableFuture<Coordinator.Outcome>> pending = ConcurrentHashMap.newKeySet();

    private Simulation(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator, NetworkSpec network,
                       CompletableFuture<Void> coordinatorStopped) {
        this.system = system;
        this.coordinator = coordinator;
        this.network = network;
        this.coordinatorStopped = coordinatorStopped;
        coordinatorStopped.thenRun(() -> pending.forEach(f -> f.complete(COORDINATOR_GONE)));
    }

    private static final AtomicLong RUNS = new AtomicLong();

    /**
     * Validates the recording against the network, spawns the coordinator (which spawns the
     * populations and the recorder) and writes the header to {@code sink}.
     */
    public static Simulation start(ActorSystem<?> system, NetworkSpec network, RecordingSpec recording,
                                   TraceSink sink, RunInfo info) {
        return start(system, network, recording, sink, info, Services.none());
    }

    /** As {@link #start(ActorSystem, NetworkSpec, RecordingSpec, TraceSink, RunInfo)}, giving models the run's services. */
    public static Simulation start(ActorSystem<?> system, NetworkSpec network, RecordingSpec recording,
                                   TraceSink sink, RunInfo info, Services services) {
        return start(system, network, recording, sink, info, services, PopulationActor::create);
    }

    /**
     * Continues a run from {@code checkpoint}, taken by {@link #checkpoint()} of a simulation of
     * the same network, recording and run info: each population starts from its saved state with
     * the emissions that were on their way to it, and the next window continues the steps. The
     * sink must already hold the trace up to the checkpoint (its header and every frame before
     * it, nothing after): frames are appended, and the footer counts on from the checkpoint's.
     */
    public static Simulation resume(ActorSystem<?> system, NetworkSpec network, RecordingSpec recording,
                                    TraceSink sink, RunInfo info, Services services, EngineCheckpoint checkpoint) {
        List<EngineCheckpoint.PopulationState> saved = checkpoint.populations();
        if (saved.size() != network.populations().size()) {
            throw new IllegalArgumentException("the checkpoint holds " + saved.size() + " populations, the network has "
                    + network.populations().size());
        }
        for (int i = 0; i < saved.size(); i++) {
            String name = network.populations().get(i).name();
            if (saved.get(i).id() != i || !saved.get(i).name().equals(name)) {
                throw new IllegalArgumentException("the checkpoint's population " + i + " is " + saved.get(i).name()
                        + ", the network's is " + name);
            }
        }
        return start(system, network, recording, sink, info, services, PopulationActor::create, checkpoint);
    }

    /** As above, with the populations' behaviours made by {@code factory} (stand-ins in tests). */
    static Simulation start(ActorSystem<?> system, NetworkSpec network, RecordingSpec recording, TraceSink sink,
                            RunInfo info, Services services, Coordinator.PopulationFactory factory) {
        return start(system, network, recording, sink, info, services, factory, null);
    }

    private static Simulation start(ActorSystem<?> system, NetworkSpec network, RecordingSpec recording, TraceSink sink,
                                    RunInfo info, Services services, Coordinator.PopulationFactory factory,
                                    EngineCheckpoint resume) {
        for (ProjectionSpec j : network.projections()) {
            if (j.init().kind() == WeightInit.Kind.REFERENCED) {
                throw new IllegalArgumentException("projection " + j.source() + " -> " + j.target() + ": the "
                        + j.init() + "; load them before starting the simulation");
            }
        }
        Plan plan = Plan.of(network, recording, services);
        checkDispatchers(system);
        Header header = TraceHeaders.build(network, info);
        var engineConfig = system.settings().config().getConfig("lamina.engine");
        Coordinator.Settings settings = new Coordinator.Settings(engineConfig.getDuration("window-timeout"),
                engineConfig.getInt("max-writes-in-flight"), engineConfig.getInt("windows-ahead"));
        long run = RUNS.incrementAndGet();
        ActorRef<Coordinator.Command> coordinator = system.systemActorOf(
                Coordinator.create(plan, sink, header, settings, factory, resume), "simulation-" + run, Props.empty());
        return new Simulation(system, coordinator, network, watch(system, coordinator, run));
    }

    /**
     * Starts each of the engine's dispatchers now, on the caller's thread, so that one that
     * cannot start (a thread count its executor refuses) is an error here rather than an actor
     * that dies while the caller waits for it.
     */
    private static void checkDispatchers(ActorSystem<?> system) {
        for (String d : List.of(Engine.COMPUTE_DISPATCHER, Engine.IO_DISPATCHER)) {
            try {
                system.dispatchers().lookup(DispatcherSelector.fromConfig(d)).execute(() -> { });
            } catch (RuntimeException e) {
                throw new IllegalStateException("the dispatcher " + d + " cannot start (" + e
                        + "); check its settings, e.g. the compute thread count", e);
            }
        }
    }

    /** A future that completes when {@code coordinator} stops, for whatever reason. */
    private static CompletableFuture<Void> watch(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator,
                                                 long run) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        system.systemActorOf(Behaviors.<Void>setup(ctx -> {
            ctx.watch(coordinator);
            return Behaviors.receive(Void.class).onSignal(Terminated.class, t -> {
                stopped.complete(null);
                return Behaviors.stopped();
            }).build();
        }), "simulation-" + run + "-watch", Props.empty());
        return stopped;
    }

    /**
     * {@code reply}, or a failure as soon as the coordinator stops without having replied (it
     * replies before it stops whenever it can, so this only fires on an error inside the engine).
     */
    private CompletionStage<Coordinator.Outcome> guarded(CompletionStage<Coordinator.Outcome> reply) {
        CompletableFuture<Coordinator.Outcome> either = new CompletableFuture<>();
        pending.add(either);
        reply.whenComplete((o, e) -> {
            if (e != null) {
                either.completeExceptionally(e);
            } else {
                either.complete(o);
            }
        });
        if (coordinatorStopped.isDone()) {
            either.complete(COORDINATOR_GONE);
        }
        return either.whenComplete((o, e) -> pending.remove(either));
    }

    private static final Coordinator.Failed COORDINATOR_GONE = new Coordinator.Failed("the simulation's coordinator"
            + " stopped without replying (an error inside the engine; the log above has its cause)", "", -1);

    public NetworkSpec network() {
        return network;
    }

    /** Advances {@code steps} steps; completes with the step reached, once every frame up to it is in the sink. */
    public CompletionStage<Long> advance(long steps) {
        return guarded(AskPattern.<Coordinator.Command, Coordinator.Outcome>ask(coordinator,
                        reply -> new Coordinator.Advance(steps, reply), ASK_TIMEOUT, system.scheduler()))
                .thenApply(o -> {
                    if (o instanceof Coordinator.Advanced a) {
                        return a.step();
                    }
                    throw outcomeFailure(o);
                });
    }

    /**
     * Delivers the start ({@code begin}) or end of {@code phase} to every population at the
     * current step, and records it. While it runs, the rules of the projections it lists apply.
     *
     * @throws IllegalArgumentException when it lists a projection the network lacks or one without a rule
     */
    public void markPhase(Phase phase, boolean begin) {
        for (int id : phase.learning()) {
            if (id < 0 || id >= network.projections().size()) {
                throw new IllegalArgumentException("phase " + phase.name() + " lists projection " + id + ", but the network"
                        + " has " + network.projections().size());
            }
            ProjectionSpec p = network.projections().get(id);
            if (!p.plasticity().plastic()) {
                throw new IllegalArgumentException("phase " + phase.name() + " lists projection " + p.label()
                        + ", which has no learning rule");
            }
        }
        coordinator.tell(new Coordinator.MarkPhase(phase, begin));
    }

    /**
     * Saves the engine between advances ({@link EngineCheckpoint}); the run goes on unharmed.
     * Fails with {@link IllegalStateException} when it cannot be saved now (a model that cannot
     * be checkpointed, named; an advance in progress), or as {@link #advance} does when the run
     * has failed.
     */
    public CompletionStage<EngineCheckpoint> checkpoint() {
        return guarded(AskPattern.<Coordinator.Command, Coordinator.Outcome>ask(coordinator,
                        Coordinator.Checkpoint::new, ASK_TIMEOUT, system.scheduler()))
                .thenApply(o -> {
                    if (o instanceof Coordinator.Checkpointed c) {
                        return c.checkpoint();
                    }
                    if (o instanceof Coordinator.CheckpointRefused r) {
                        throw new CompletionException(new IllegalStateException("no checkpoint: " + r.reason()));
                    }
                    throw outcomeFailure(o);
                });
    }

    /** Writes the footer, closes the trace and stops the actors. */
    public CompletionStage<Summary> finish() {
        return guarded(AskPattern.<Coordinator.Command, Coordinator.Outcome>ask(coordinator,
                        Coordinator.Finish::new, ASK_TIMEOUT, system.scheduler()))
                .thenApply(o -> {
                    if (o instanceof Coordinator.Finished f) {
                        return new Summary(f.steps(), f.frames(), f.spikeEvents());
                    }
                    throw outcomeFailure(o);
                });
    }

    /**
     * Asks the run to stop at the next window boundary (for a signal): no window is granted after
     * this, those already granted complete and are written, and the trace is closed with an
     * INTERRUPTED footer naming {@code reason}. The advance in progress, and every later advance
     * or finish, then fails with {@link SimulationInterruptedException}. Safe from any thread;
     * ignored once the run has finished or failed.
     */
    public void interrupt(String reason) {
        coordinator.tell(new Coordinator.Interrupt(reason));
    }

    /** Advances {@code steps} then finishes, waiting for both (for callers outside actors). */
    public Summary runToEnd(long steps) {
        try {
            advance(steps).toCompletableFuture().join();
            return finish().toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SimulationFailedException s) {
                throw s;
            }
            if (e.getCause() instanceof SimulationInterruptedException s) {
                throw s;
            }
            throw e;
        }
    }

    /** What a finished run did. */
    public record Summary(long steps, long frames, long spikeEvents) {
    }

    private static CompletionException outcomeFailure(Coordinator.Outcome o) {
        if (o instanceof Coordinator.Failed f) {
            return new CompletionException(new SimulationFailedException(f));
        }
        if (o instanceof Coordinator.Interrupted i) {
            return new CompletionException(new SimulationInterruptedException(i));
        }
        return new CompletionException(new IllegalStateException("unexpected reply " + o));
    }
}
