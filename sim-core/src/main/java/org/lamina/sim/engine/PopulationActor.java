package org.lamina.sim.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.Delivery;
import org.lamina.sim.event.Emission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelDescriptor;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;
import org.lamina.sim.trace.TraceFrame;

/**
 * One population: owns its model (state vectors, incoming weights) and advances it a whole
 * window per grant. Inputs are buffered by arrival step and consumed in projection-id order,
 * so results never depend on message arrival order. A window starts only when its grant has
 * come and every incoming projection has delivered everything due inside the window; grants
 * for later windows may queue up meanwhile (the coordinator grants a few windows ahead).
 * A grant that does not follow the last one, or a delivery that does not continue its
 * projection's previous one (a repeat, a late copy), breaks the protocol: it is reported as a
 * failure, never run or counted a second time.
 *
 * <p>Numbers that stop being numbers end the run like a model that throws (a numeric failure
 * ends the run, never silently): a metric that is NaN or infinite, at its step; a dense emission
 * holding one, at its step; at the end of every window, a state variable holding one; and the
 * weights of incoming projections: all of them at the start and in every snapshot recorded, and
 * after a window in which the model changed them ({@link PopulationModel#weightsVersion()}) the
 * next {@link #WEIGHT_PART} of each, in turn, so that a large matrix is covered over a few
 * learning steps instead of being scanned whole after every one. Each message names the
 * population, the variable, projection or metric, where in it, and the step. The checks are one
 * branch-free pass over arrays the step itself has just walked ({@link Finite}).
 */
public final class PopulationActor extends AbstractBehavior<PopulationActor.Command> {

    public sealed interface Command {
    }

    /** Coordinator → population: advance steps {@code [firstStep, firstStep + steps)}. */
    public record Grant(long window, long firstStep, int steps) implements Command {
    }

    /** Source population → target population: one projection's emissions for one window. */
    public record Deliver(Delivery delivery) implements Command {
    }

    /** Coordinator → population: a phase begins or ends before {@code step}. */
    public record PhaseChange(Phase phase, boolean begin, long step) implements Command {
    }

    /** Coordinator → population, before the first grant: where each outgoing projection goes. */
    record Wire(List<Outgoing> outgoing) implements Command {
    }

    record Outgoing(int projection, ActorRef<Command> target) {
    }

    /**
     * Coordinator → population, between windows: save the population as it stands before
     * {@code step} once every emission due then or later has arrived, and reply
     * {@link Coordinator.PopulationSaved} (or {@link Coordinator.PopulationNotSaved}).
     */
    record Save(long step) implements Command {
    }

    /**
     * The static facts a population actor needs, prepared by the coordinator; {@code resume},
     * when not null, is where it continues from.
     */
    record Setup(int id, String name, int batch, PopulationContext context,
                 ModelDescriptor model, int[] incomingIds, int[] incomingDelays,
                 boolean recordSpikes, List<StateProbe> stateProbes, List<WeightProbe> weightProbes, Resume resume) {
        Setup withResume(Resume r) {
            return new Setup(id, name, batch, context, model, incomingIds, incomingDelays, recordSpikes, stateProbes,
                    weightProbes, r);
        }
    }

    /** A population continuing from a checkpoint: its state before {@code step}, the next window's number. */
    record Resume(EngineCheckpoint.PopulationState state, long step, long nextWindow) {
    }

    record StateProbe(String variable, int[] units, int everySteps) {
    }

    record WeightProbe(int projection, int everySteps) {
    }

    public static Behavior<Command> create(Setup setup, ActorRef<Coordinator.Command> coordinator) {
        return Behaviors.setup(ctx -> {
            PopulationModel model;
            try {
                model = setup.model().create(setup.context());
            } catch (RuntimeException | LinkageError e) {
                coordinator.tell(new Coordinator.PopulationFailed(setup.id(), setup.name(), -1,
                        "model '" + setup.model().name() + "' could not be created: " + Diagnostics.describe(e)));
                return Behaviors.stopped();
            }
            if (setup.resume() != null) {
                try {
                    // As the model stood: inside the phases then active, then its saved state.
                    for (Phase p : setup.resume().state().activePhases()) {
                        model.phase(p, true);
                    }
                    model.restore(setup.resume().state().model());
                } catch (RuntimeException | LinkageError e) {
                    model.close();
                    coordinator.tell(new Coordinator.PopulationFailed(setup.id(), setup.name(), setup.resume().step(),
                            "model '" + setup.model().name() + "' could not be restored from the checkpoint: "
                                    + Diagnostics.describe(e)));
                    return Behaviors.stopped();
                }
            }
            return new PopulationActor(ctx, setup, model, coordinator);
        });
    }

    private final Setup setup;
    private final PopulationModel model;
    private final ActorRef<Coordinator.Command> coordinator;
    private final Map<Integer, Integer> incomingIndex = new TreeMap<>();
    /** Per incoming projection: every emission of source steps before this has arrived. */
    private final long[] coveredUntil;
    /** Buffered inputs by arrival step. */
    private final TreeMap<Long, List<StepInputs.Arrival>> pending = new TreeMap<>();
    private final StepEmitter emitter = new StepEmitter();
    private final InputView inputs = new InputView();
    private final List<StateVariable> state;
    private List<Outgoing> outgoing = List.of();
    private final ArrayDeque<Grant> grants = new ArrayDeque<>();
    /** The last grant accepted, queued or already run: the next must follow it. */
    private Grant lastGrant;
    /** The first step not yet integrated. */
    private long nextStep;
    /** Phase changes not yet applied, in the order they were sent (their steps never decrease). */
    private final ArrayDeque<PhaseChange> phaseChanges = new ArrayDeque<>();
    /** The model's {@link PopulationModel#weightsVersion()} when its weights were last checked. */
    private long checkedWeights = Long.MIN_VALUE;
    /** Per incoming projection (in context order): where the next part of its weights to check starts. */
    private final int[] weightCursor;
    /** Phases begun and not ended, in the order they began (what a checkpoint re-enters). */
    private final List<Phase> activePhases = new ArrayList<>();
    /** A save asked for and not yet done (it waits for the emissions due at its step or later), or null. */
    private Save saveRequest;

    private PopulationActor(ActorContext<Command> ctx, Setup setup, PopulationModel model,
                            ActorRef<Coordinator.Command> coordinator) {
        super(ctx);
        this.setup = setup;
        this.model = model;
        this.coordinator = coordinator;
        for (int i = 0; i < setup.incomingIds().length; i++) {
            incomingIndex.put(setup.incomingIds()[i], i);
        }
        this.coveredUntil = new long[setup.incomingIds().length];
        this.state = List.copyOf(model.state());
        this.weightCursor = new int[setup.context().incoming().size()];
        Resume r = setup.resume();
        if (r != null) {
            for (EngineCheckpoint.Pending p : r.state().pending()) {
                pending.computeIfAbsent(p.step(), k -> new ArrayList<>(2)).add(new StepInputs.Arrival(p.projection(),
                        p.emission()));
            }
            Arrays.fill(coveredUntil, r.step());
            nextStep = r.step();
            lastGrant = new Grant(r.nextWindow() - 1, r.step(), 0);
            activePhases.addAll(r.state().activePhases());
            for (EngineCheckpoint.QueuedPhase q : r.state().queuedPhases()) {
                phaseChanges.addLast(new PhaseChange(q.phase(), q.begin(), q.step()));
            }
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Wire.class, this::onWire)
                .onMessage(Grant.class, this::onGrant)
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(PhaseChange.class, this::onPhaseChange)
                .onMessage(Save.class, this::onSave)
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onWire(Wire wire) {
        outgoing = List.copyOf(wire.outgoing());
        return this;
    }

    private Behavior<Command> onGrant(Grant g) {
        // Compared with the last grant accepted, not the last queued: a repeated grant for a
        // window already run must not run it again.
        if (lastGrant != null && g.firstStep() != lastGrant.firstStep() + lastGrant.steps()) {
            return fail(g.firstStep(), "grant for window " + g.window() + " does not follow window "
                    + lastGrant.window());
        }
        lastGrant = g;
        grants.addLast(g);
        return runIfReady();
    }

    private Behavior<Command> onPhaseChange(PhaseChange p) {
        phaseChanges.addLast(p);
        return this;
    }

    private Behavior<Command> onDeliver(Deliver d) {
        Delivery delivery = d.delivery();
        Integer idx = incomingIndex.get(delivery.projection());
        // Failures here name the first step not yet integrated: the coordinator ends the run
        // once every window before it has completed, and this population completes no more.
        if (idx == null) {
            return fail(nextStep, "received a delivery for projection " + delivery.projection()
                    + ", which does not end here");
        }
        // Each delivery covers the steps after the previous one's end: anything else (a repeat,
        // a late copy) would be counted twice or arrive after its step was integrated.
        long from = coveredUntil[idx];
        if (delivery.endStep() <= from) {
            return fail(nextStep, "received a delivery for projection " + delivery.projection() + " (window "
                    + delivery.window() + ") up to step " + delivery.endStep() + ", already covered up to " + from);
        }
        for (Emission e : delivery.emissions()) {
            if (e.step() < from || e.step() >= delivery.endStep()) {
                return fail(nextStep, "received a delivery for projection " + delivery.projection() + " (window "
                        + delivery.window() + ") carrying step " + e.step() + ", outside the steps it covers, "
                        + from + ".." + (delivery.endStep() - 1));
            }
        }
        int delay = setup.incomingDelays()[idx];
        for (Emission e : delivery.emissions()) {
            pending.computeIfAbsent(e.step() + delay, k -> new ArrayList<>(2))
                    .add(new StepInputs.Arrival(delivery.projection(), e));
        }
        coveredUntil[idx] = delivery.endStep();
        if (saveRequest != null) {
            return saveIfReady();
        }
        return runIfReady();
    }

    private Behavior<Command> onSave(Save s) {
        if (!grants.isEmpty() || nextStep != s.step()) {
            return fail(nextStep, "asked to save before step " + s.step() + " while at step " + nextStep
                    + (grants.isEmpty() ? "" : " with windows still to run"));
        }
        saveRequest = s;
        return saveIfReady();
    }

    /** Saves once every emission of the steps before the save's has arrived (each delivery covers a window). */
    private Behavior<Command> saveIfReady() {
        long at = saveRequest.step();
        for (long covered : coveredUntil) {
            if (covered < at) {
                return this;
            }
        }
        saveRequest = null;
        if (!model.checkpointable()) {
            coordinator.tell(new Coordinator.PopulationNotSaved(setup.id(), "population " + setup.name() + ": model '"
                    + setup.model().name() + "' cannot be checkpointed yet"));
            return this;
        }
        ModelState saved = new ModelState();
        try {
            model.save(saved);
        } catch (RuntimeException | LinkageError e) {
            coordinator.tell(new Coordinator.PopulationNotSaved(setup.id(), "population " + setup.name()
                    + ": saving model '" + setup.model().name() + "' failed: " + Diagnostics.describe(e)));
            return this;
        }
        List<EngineCheckpoint.Pending> inFlight = new ArrayList<>();
        pending.forEach((step, arrivals) -> arrivals.forEach(a ->
                inFlight.add(new EngineCheckpoint.Pending(step, a.projection(), a.emission()))));
        List<EngineCheckpoint.QueuedPhase> queued = phaseChanges.stream()
                .map(p -> new EngineCheckpoint.QueuedPhase(p.phase(), p.begin(), p.step())).toList();
        coordinator.tell(new Coordinator.PopulationSaved(setup.id(), new EngineCheckpoint.PopulationState(setup.id(),
                setup.name(), saved, inFlight, activePhases, queued)));
        return this;
    }

    private boolean inputsComplete(Grant g) {
        long end = g.firstStep() + g.steps();
        for (int i = 0; i < coveredUntil.length; i++) {
            // Emissions arriving before `end` were emitted before `end - delay`.
            if (coveredUntil[i] < end - setup.incomingDelays()[i]) {
                return false;
            }
        }
        return true;
    }

    private Behavior<Command> runIfReady() {
        while (!grants.isEmpty() && inputsComplete(grants.peekFirst())) {
            if (!runWindow(grants.pollFirst())) {
                return Behaviors.stopped();
            }
        }
        return this;
    }

    /** Runs one window; false if the model failed (the coordinator has been told). */
    private boolean runWindow(Grant g) {
        long end = g.firstStep() + g.steps();
        List<Emission> emitted = new ArrayList<>();
        List<TraceFrame> frames = new ArrayList<>();
        long spikeEvents = 0;
        long step = g.firstStep();
        try {
            for (; step < end; step++) {
                while (!phaseChanges.isEmpty() && phaseChanges.peekFirst().step() <= step) {
                    PhaseChange p = phaseChanges.pollFirst();
                    model.phase(p.phase(), p.begin());
                    if (p.begin()) {
                        activePhases.add(p.phase());
                    } else {
                        activePhases.remove(p.phase());
                    }
                }
                List<StepInputs.Arrival> arrivals = pending.remove(step);
                if (arrivals != null && arrivals.size() > 1) {
                    arrivals.sort(BY_PROJECTION); // stable: same-projection arrivals keep step order
                }
                inputs.arrivals = arrivals == null ? List.of() : arrivals;
                emitter.begin(step, frames);
                model.step(step, inputs, emitter);
                Emission e = emitter.emission;
                if (e != null) {
                    emitted.add(e);
                    if (e instanceof SpikeEmission s) {
                        spikeEvents += s.events();
                        if (setup.recordSpikes()) {
                            frames.add(new TraceFrame.Spikes(setup.id(), s));
                        }
                    }
                }
                sampleState(step, frames);
                snapshotWeights(step, frames);
            }
            step = end - 1;
            String notFinite = notFinite(g);
            if (notFinite != null) {
                fail(step, notFinite);
                return false;
            }
        } catch (NotFinite e) {
            fail(step, e.getMessage());
            return false;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            fail(step, Diagnostics.describe(e));
            return false;
        }
        for (Outgoing o : outgoing) {
            o.target().tell(new Deliver(new Delivery(o.projection(), g.window(), end, emitted)));
        }
        coordinator.tell(new Coordinator.WindowDone(setup.id(), g.window(), frames, spikeEvents));
        nextStep = end;
        return true;
    }

    /**
     * How many weights of a projection are checked after a window in which the model learnt: a
     * full scan of a 2000 × 784 Krotov layer costs about a tenth of its learning step, this part
     * under one per cent; the whole matrix is covered every ceil(size / part) learning steps.
     */
    static final int WEIGHT_PART = 1 << 17;

    /** A value that is not finite, found while the model ran (a metric, an emission, a weight snapshot). */
    private static final class NotFinite extends RuntimeException {
        NotFinite(String message) {
            super(message, null, false, false);
        }
    }

    /** What holds a value that is not finite at the end of window {@code g}, or null when nothing does. */
    private String notFinite(Grant g) {
        String when = g.steps() == 1 ? "" : " (found at the end of the window of steps " + g.firstStep() + ".."
                + (g.firstStep() + g.steps() - 1) + ")";
        int size = setup.context().size();
        for (StateVariable v : state) {
            int i = Finite.firstNonFinite(v.values());
            if (i >= 0) {
                return "state variable " + v.name() + " is " + v.values()[i] + " at unit " + i % size + " of example "
                        + i / size + when + ": the numerics diverged (a time step too long for the dynamics, or"
                        + " strengths too large?)";
            }
        }
        long version = model.weightsVersion();
        if (version != checkedWeights) {
            boolean initial = checkedWeights == Long.MIN_VALUE;
            List<org.lamina.sim.model.IncomingProjection> incoming = setup.context().incoming();
            for (int k = 0; k < incoming.size(); k++) {
                float[] w = model.weights(incoming.get(k).id());
                if (w == null || w.length == 0) {
                    continue;
                }
                // All of them at the start; after learning, the next WEIGHT_PART of them (all when smaller).
                int from = initial || w.length <= WEIGHT_PART ? 0 : weightCursor[k] % w.length;
                int to = initial ? w.length : Math.min(w.length, from + WEIGHT_PART);
                weightCursor[k] = to == w.length ? 0 : to;
                int i = Finite.firstNonFinite(w, from, to);
                if (i >= 0) {
                    long parts = (w.length + WEIGHT_PART - 1) / WEIGHT_PART;
                    return weightsMessage(incoming.get(k).sourceName(), w, i, initial && version == 0 ? "initial " : "")
                            + when + (initial || parts == 1 ? "" : " (weights are checked " + WEIGHT_PART + " at a time"
                            + " after each learning step, so it may have appeared up to " + parts + " learning steps"
                            + " earlier)");
                }
            }
            checkedWeights = version;
        }
        return null;
    }

    private String weightsMessage(String source, float[] w, int i, String initial) {
        int cols = Math.max(1, w.length / setup.context().size());
        return "the " + initial + "weights of projection " + source + " -> " + setup.name() + " hold " + w[i]
                + " at row " + i / cols + ", column " + i % cols + (initial.isEmpty() ? ": learning diverged (a"
                + " learning rate too large?)" : "");
    }

    private void sampleState(long step, List<TraceFrame> frames) {
        for (StateProbe p : setup.stateProbes()) {
            if (step % p.everySteps() != 0) {
                continue;
            }
            float[] values = stateValues(p.variable());
            int size = setup.context().size();
            int[] units = p.units().length == 0 ? allUnits(size) : p.units();
            float[] sample = new float[setup.batch() * units.length];
            for (int b = 0; b < setup.batch(); b++) {
                for (int u = 0; u < units.length; u++) {
                    sample[b * units.length + u] = values[b * size + units[u]];
                }
            }
            frames.add(new TraceFrame.State(setup.id(), p.variable(), step, setup.batch(), units, sample));
        }
    }

    /**
     * Snapshots the weights after each step that is a multiple of a probe's {@code every}: at
     * that step exactly, however the steps fall into windows (which differ with the advances a
     * run makes, e.g. one resumed from a checkpoint).
     */
    private void snapshotWeights(long step, List<TraceFrame> frames) {
        for (WeightProbe p : setup.weightProbes()) {
            if (step % p.everySteps() != 0) {
                continue;
            }
            float[] w = model.weights(p.projection());
            if (w == null) {
                throw new IllegalStateException("model '" + setup.model().name()
                        + "' exposes no weights for projection " + p.projection());
            }
            int rows = setup.context().size();
            float[] copy = w.clone();
            int i = Finite.firstNonFinite(copy); // all of them: the copy has just walked them anyway
            if (i >= 0) {
                String source = setup.context().incoming().stream().filter(in -> in.id() == p.projection())
                        .map(org.lamina.sim.model.IncomingProjection::sourceName).findFirst().orElse("?");
                throw new NotFinite(weightsMessage(source, copy, i, ""));
            }
            frames.add(new TraceFrame.Weights(p.projection(), step, rows, w.length / rows, copy,
                    model.weightExtras(p.projection())));
        }
    }

    private float[] stateValues(String variable) {
        for (StateVariable v : state) {
            if (v.name().equals(variable)) {
                return v.values();
            }
        }
        throw new IllegalStateException("model '" + setup.model().name() + "' exposes no state variable '"
                + variable + "' at run time");
    }

    private static int[] allUnits(int size) {
        int[] u = new int[size];
        Arrays.setAll(u, i -> i);
        return u;
    }

    private Behavior<Command> fail(long step, String cause) {
        coordinator.tell(new Coordinator.PopulationFailed(setup.id(), setup.name(), step, cause));
        return Behaviors.stopped();
    }

    private Behavior<Command> onStop() {
        try {
            model.close();
        } catch (Exception e) {
            getContext().getLog().warn("population {}: closing its model failed: {}", setup.name(), e.toString());
        }
        return this;
    }

    private static final Comparator<StepInputs.Arrival> BY_PROJECTION =
            Comparator.comparingInt(StepInputs.Arrival::projection);

    private static final class InputView implements StepInputs {
        List<Arrival> arrivals = List.of();

        @Override
        public List<Arrival> arrivals() {
            return arrivals;
        }
    }

    /** Collects the (at most one) emission and the metrics of the current step. */
    private final class StepEmitter implements Emitter {
        long step;
        Emission emission;
        List<TraceFrame> frames;

        void begin(long step, List<TraceFrame> frames) {
            this.step = step;
            this.emission = null;
            this.frames = frames;
        }

        @Override
        public void spikes(int[] offsets, int[] indices) {
            checkOnce();
            int batch = setup.batch();
            if (offsets[batch] == 0) {
                return; // nothing fired: nothing to send
            }
            SpikeEmission s = SpikeEmission.copyOf(step, batch, offsets, indices);
            int size = setup.context().size();
            for (int i = 0; i < s.indices().length; i++) {
                if (s.indices()[i] >= size) {
                    throw new IllegalArgumentException("spike index " + s.indices()[i] + " >= population size " + size);
                }
            }
            emission = s;
        }

        @Override
        public void dense(float[] values, int width) {
            dense(values, width, DenseEmission.DEFAULT_CHANNEL);
        }

        @Override
        public void dense(float[] values, int width, int channel) {
            checkOnce();
            DenseEmission d = DenseEmission.copyOf(step, setup.batch(), width, values, channel);
            int i = Finite.firstNonFinite(d.values());
            if (i >= 0) {
                throw new NotFinite("it emitted " + d.values()[i] + " (value " + i % width + " of example " + i / width
                        + (channel == DenseEmission.DEFAULT_CHANNEL ? "" : ", channel " + channel) + "): the numerics"
                        + " diverged");
            }
            emission = d;
        }

        @Override
        public void metric(String name, double value) {
            finite(name, value);
            frames.add(new TraceFrame.Metric(name, step, value, setup.id()));
        }

        @Override
        public void trajectory(String variable, int example, double dtMs, int[] units, int samples, float[] values) {
            if (example < 0 || example >= setup.batch()) {
                throw new IllegalArgumentException("trajectory of " + variable + ": example " + example + " outside 0.."
                        + (setup.batch() - 1));
            }
            for (int u : units) {
                if (u < 0 || u >= setup.context().size()) {
                    throw new IllegalArgumentException("trajectory of " + variable + ": unit " + u + " outside 0.."
                            + (setup.context().size() - 1));
                }
            }
            frames.add(new TraceFrame.Trajectory(setup.id(), variable, step, example, dtMs, units.clone(), samples,
                    values.clone()));
        }

        @Override
        public void metric(String name, int example, double value) {
            if (example < 0 || example >= setup.batch()) {
                throw new IllegalArgumentException("metric " + name + ": example " + example + " outside 0.."
                        + (setup.batch() - 1));
            }
            finite(name, value);
            frames.add(new TraceFrame.Metric(name, step, value, setup.id(), example));
        }

        private void finite(String name, double value) {
            if (!Double.isFinite(value)) {
                throw new NotFinite("metric " + name + " is " + value + ": the numerics diverged");
            }
        }

        private void checkOnce() {
            if (emission != null) {
                throw new IllegalStateException("a population emits at most once per step");
            }
        }
    }
}
