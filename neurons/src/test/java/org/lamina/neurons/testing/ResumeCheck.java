package org.lamina.neurons.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.model.StateVariable;
import org.lamina.sim.model.StepInputs;

/**
 * Checks a model's checkpoint as the engine uses it: a script is stepped up to a checkpoint, the
 * model saved, and the original stepped on while everything it emits, its state variables and
 * its weights (with their extras and version) are logged after every step; a fresh model, given
 * the phases active at the checkpoint in the order they began and then the saved state, must log
 * exactly the same over the rest of the script. Values are logged by their exact decimal form,
 * so any difference in any bit fails with a readable diff.
 */
public final class ResumeCheck {

    /** One step of a script: the phases that end and then begin before it, and what arrives at it. */
    public record Step(long step, List<Phase> end, List<Phase> begin, List<StepInputs.Arrival> arrivals) {

        public static Step of(long step, List<StepInputs.Arrival> arrivals) {
            return new Step(step, List.of(), List.of(), arrivals);
        }

        public Step beginning(Phase phase) {
            List<Phase> b = new ArrayList<>(begin);
            b.add(phase);
            return new Step(step, end, b, arrivals);
        }

        public Step ending(Phase phase) {
            List<Phase> e = new ArrayList<>(end);
            e.add(phase);
            return new Step(step, e, begin, arrivals);
        }
    }

    private final Supplier<PopulationModel> create;
    private final int batch;
    private final List<Step> script;
    private final int[] projections;

    /**
     * @param create      a fresh model from the same descriptor and context, on every call
     * @param batch       the context's batch: what of an emitted array the engine sends
     * @param script      the steps, in order
     * @param projections the incoming projections whose weights are logged
     */
    public ResumeCheck(Supplier<PopulationModel> create, int batch, List<Step> script, int... projections) {
        this.create = create;
        this.batch = batch;
        this.script = List.copyOf(script);
        this.projections = projections.clone();
    }

    /**
     * Saves after the first {@code at} steps and checks that a restored model goes on exactly as
     * the original over the rest; returns the saved state.
     */
    public ModelState resumesExactlyAfter(int at) {
        try (PopulationModel original = create.get()) {
            assertTrue(original.checkpointable(), "the model says it can be checkpointed");
            List<Phase> active = run(original, 0, at, new Log(batch));
            ModelState saved = new ModelState();
            original.save(saved);
            Log expected = new Log(batch);
            run(original, at, script.size(), expected);
            assertTrue(expected.lines.size() > script.size() - at, "the script emits something after the checkpoint");
            Log resumed = resume(saved, active, at);
            assertEquals(expected.text(), resumed.text(), "a model restored after step " + at + " of the script");
            return saved;
        }
    }

    /**
     * As {@link #resumesExactlyAfter}, restoring into a model that first ran the first
     * {@code used} steps of the script and ended its phases: whatever it derived from its own
     * weights (caches, device copies) must give way to the restored ones.
     */
    public void resumesIntoAUsedModel(int at, int used) {
        ModelState saved;
        List<Phase> active;
        Log expected = new Log(batch);
        try (PopulationModel original = create.get()) {
            active = run(original, 0, at, new Log(batch));
            saved = new ModelState();
            original.save(saved);
            run(original, at, script.size(), expected);
        }
        Log log = new Log(batch);
        try (PopulationModel m = create.get()) {
            run(m, 0, used, new Log(batch)).forEach(p -> m.phase(p, false));
            active.forEach(p -> m.phase(p, true));
            m.restore(saved);
            run(m, at, script.size(), log);
        }
        assertEquals(expected.text(), log.text(), "a used model restored after step " + at + " of the script");
    }

    /**
     * The names of the saved state that the rest of the script does not depend on: those whose
     * value a fresh model already has, and those that, put back as a fresh model has them, leave
     * everything after the checkpoint as it was. A test asserts these are the ones it expects, so
     * the script shows that every other name is needed (leaving it out would fail the check).
     * A name whose fresh value beside the others' saved ones makes the model fail shows too.
     */
    public SortedSet<String> namesNotShownNeeded(int at) {
        ModelState saved;
        List<Phase> active;
        Log expected = new Log(batch);
        try (PopulationModel original = create.get()) {
            active = run(original, 0, at, new Log(batch));
            saved = new ModelState();
            original.save(saved);
            run(original, at, script.size(), expected);
        }
        ModelState fresh = new ModelState();
        try (PopulationModel m = create.get()) {
            active.forEach(p -> m.phase(p, true));
            m.save(fresh);
        }
        SortedSet<String> notShown = new TreeSet<>();
        for (String name : saved.values().keySet()) {
            if (sameArray(saved.values().get(name), fresh.values().get(name))) {
                notShown.add(name);
                continue;
            }
            ModelState swapped = new ModelState();
            for (Map.Entry<String, Object> e : saved.values().entrySet()) {
                swapped.putRaw(e.getKey(), e.getKey().equals(name) ? fresh.values().get(name) : e.getValue());
            }
            String resumed;
            try {
                resumed = resume(swapped, active, at).text();
            } catch (RuntimeException e) {
                continue; // the model failed on a state that does not hang together: the name shows
            }
            if (resumed.equals(expected.text())) {
                notShown.add(name);
            }
        }
        return notShown;
    }

    /** Restoring {@code saved} without {@code name} fails naming it. */
    public void refusesStateWithout(ModelState saved, String name) {
        assertTrue(saved.has(name), name);
        ModelState partial = new ModelState();
        saved.values().forEach((k, v) -> {
            if (!k.equals(name)) {
                partial.putRaw(k, v);
            }
        });
        try (PopulationModel m = create.get()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.restore(partial));
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
    }

    private Log resume(ModelState state, List<Phase> active, int at) {
        Log log = new Log(batch);
        try (PopulationModel m = create.get()) {
            active.forEach(p -> m.phase(p, true));
            m.restore(state);
            run(m, at, script.size(), log);
        }
        return log;
    }

    /** Steps {@code script[from, to)}; returns the phases active afterwards, in the order they began. */
    private List<Phase> run(PopulationModel m, int from, int to, Log log) {
        List<Phase> active = new ArrayList<>();
        for (int i = 0; i < to; i++) {
            Step s = script.get(i);
            for (Phase p : s.end()) {
                active.remove(p);
            }
            active.addAll(s.begin());
            if (i < from) {
                continue;
            }
            s.end().forEach(p -> m.phase(p, false));
            s.begin().forEach(p -> m.phase(p, true));
            log.step = s.step();
            List<StepInputs.Arrival> arrivals = s.arrivals();
            m.step(s.step(), () -> arrivals, log);
            for (StateVariable v : m.state()) {
                log.line("state " + v.name() + " " + Arrays.toString(v.values()));
            }
            for (int p : projections) {
                log.line("weights " + p + " " + Arrays.toString(m.weights(p)));
                m.weightExtras(p).forEach((k, v) -> log.line("extra " + p + " " + k + " " + Arrays.toString(v)));
            }
            log.line("weights version " + m.weightsVersion());
        }
        return active;
    }

    private static boolean sameArray(Object a, Object b) {
        return b != null && Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }

    /** Everything a model emits, one line per emission, with the step. */
    private static final class Log implements Emitter {
        final List<String> lines = new ArrayList<>();
        final int batch;
        long step;

        Log(int batch) {
            this.batch = batch;
        }

        void line(String text) {
            lines.add(step + " " + text);
        }

        String text() {
            return String.join("\n", lines);
        }

        @Override
        public void spikes(int[] offsets, int[] indices) {
            // As the engine sends them: the rows' events only (the arrays may be reused buffers).
            line("spikes " + Arrays.toString(Arrays.copyOf(offsets, batch + 1)) + " "
                    + Arrays.toString(Arrays.copyOf(indices, offsets[batch])));
        }

        @Override
        public void dense(float[] values, int width) {
            dense(values, width, 0);
        }

        @Override
        public void dense(float[] values, int width, int channel) {
            line("dense " + width + " channel " + channel + " " + Arrays.toString(Arrays.copyOf(values, batch * width)));
        }

        @Override
        public void metric(String name, double value) {
            line("metric " + name + " " + value);
        }

        @Override
        public void metric(String name, int example, double value) {
            line("metric " + name + "[" + example + "] " + value);
        }

        @Override
        public void trajectory(String variable, int example, double dtMs, int[] units, int samples, float[] values) {
            line("trajectory " + variable + " " + example + " " + dtMs + " " + Arrays.toString(units) + " " + samples + " "
                    + Arrays.toString(values));
        }
    }
}
