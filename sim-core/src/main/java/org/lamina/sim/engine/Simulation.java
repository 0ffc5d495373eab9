package org.lamina.sim.engine;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
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
 * closes the trace and stops the actors. Failures arrive as {@link SimulationFailedException}.
 */
public final class Simulation {
    /** Upper bound on one ask; the coordinator's own window timeout fires long before. */
    private static final Duration ASK_TIMEOUT = Duration.ofDays(180);

    private final ActorSystem<?> system;
    private final ActorRef<Coordinator.Command> coordinator;
    private final NetworkSpec network;

    private Simulation(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator, NetworkSpec network) {
        this.system = system;
        this.coordinator = coordinator;
        this.network = network;
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
        for (ProjectionSpec j : network.projections()) {
            if (j.init().kind() == WeightInit.Kind.REFERENCED) {
                throw new IllegalArgumentException("projection " + j.source() + " -> " + j.target() + ": the "
                        + j.init() + "; load them before starting the simulation");
            }
        }
        Plan plan = Plan.of(network, recording, services);
        Header header = TraceHeaders.build(network, info);
        var engineConfig = system.settings().config().getConfig("lamina.engine");
        Coordinator.Settings settings = new Coordinator.Settings(engineConfig.getDuration("window-timeout"),
                engineConfig.getInt("max-writes-in-flight"), engineConfig.getInt("windows-ahead"));
        ActorRef<Coordinator.Command> coordinator = system.systemActorOf(
                Coordinator.create(plan, sink, header, settings), "simulation-" + RUNS.incrementAndGet(), Props.empty());
        return new Simulation(system, coordinator, network);
    }

    public NetworkSpec network() {
        return network;
    }

    /** Advances {@code steps} steps; completes with the step reached, once every frame up to it is in the sink. */
    public CompletionStage<Long> advance(long steps) {
        return AskPattern.<Coordinator.Command, Coordinator.Outcome>ask(coordinator,
                        reply -> new Coordinator.Advance(steps, reply), ASK_TIMEOUT, system.scheduler())
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

    /** Writes the footer, closes the trace and stops the actors. */
    public CompletionStage<Summary> finish() {
        return AskPattern.<Coordinator.Command, Coordinator.Outcome>ask(coordinator,
                        Coordinator.Finish::new, ASK_TIMEOUT, system.scheduler())
                .thenApply(o -> {
                    if (o instanceof Coordinator.Finished f) {
                        return new Summary(f.steps(), f.frames(), f.spikeEvents());
                    }
                    throw outcomeFailure(o);
                });
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
        return new CompletionException(new IllegalStateException("unexpected reply " + o));
    }
}
