package org.lamina.sim.trace;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.spec.WeightInit;

/**
 * One recorded observation, in-process form (the codec maps it to the proto {@code Frame}).
 * Frames of a window are written sorted by step, then population/projection id as produced.
 */
public sealed interface TraceFrame {
    long step();

    /** Spikes a population emitted in one step. */
    record Spikes(int population, SpikeEmission spikes) implements TraceFrame {
        @Override
        public long step() {
            return spikes.step();
        }
    }

    /** Sampled {@code variable} for {@code units}: values are {@code batch × units.length}, row-major. */
    record State(int population, String variable, long step, int batch, int[] units, float[] values)
            implements TraceFrame {
        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.population == population && s.variable.equals(variable)
                    && s.step == step && s.batch == batch && Arrays.equals(s.units, units)
                    && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values) * 31 + Long.hashCode(step);
        }

        @Override
        public String toString() {
            return "State[population=" + population + ", variable=" + variable + ", step=" + step
                    + ", units=" + units.length + "]";
        }
    }

    /**
     * How {@code variable} of one example moved through a process inside the step (the settling
     * of a layer's inhibition dynamics): {@code samples × units.length} values, row-major,
     * {@code dtMs} apart from time 0.
     */
    record Trajectory(int population, String variable, long step, int example, double dtMs, int[] units, int samples,
                      float[] values) implements TraceFrame {
        public Trajectory {
            if (samples < 1 || units.length < 1 || values.length != samples * units.length) {
                throw new IllegalArgumentException("a trajectory of " + variable + " holds samples x units values, got "
                        + values.length + " for " + samples + " x " + units.length);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Trajectory t && t.population == population && t.variable.equals(variable)
                    && t.step == step && t.example == example && t.dtMs == dtMs && t.samples == samples
                    && Arrays.equals(t.units, units) && Arrays.equals(t.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values) * 31 + Long.hashCode(step);
        }

        @Override
        public String toString() {
            return "Trajectory[population=" + population + ", variable=" + variable + ", step=" + step + ", example="
                    + example + ", " + samples + " x " + units.length + "]";
        }
    }

    /**
     * A snapshot of a projection's weights (post × pre, row-major) after the step, with what the
     * target learnt alongside them ({@link org.lamina.sim.model.PopulationModel#weightExtras}), by name.
     */
    record Weights(int projection, long step, int rows, int cols, float[] values, SortedMap<String, float[]> extras)
            implements TraceFrame {
        public Weights {
            extras = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(extras));
        }

        public Weights(int projection, long step, int rows, int cols, float[] values) {
            this(projection, step, rows, cols, values, new TreeMap<>());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Weights w && w.projection == projection && w.step == step && w.rows == rows
                    && w.cols == cols && Arrays.equals(w.values, values) && WeightInit.sameExtras(w.extras, extras);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values) * 31 + Long.hashCode(step);
        }

        @Override
        public String toString() {
            return "Weights[projection=" + projection + ", step=" + step + ", " + rows + "x" + cols + "]";
        }
    }

    /**
     * A scalar metric; {@code population} is -1 when it belongs to no population, {@code example}
     * is -1 when it is not about one example of the minibatch.
     */
    record Metric(String name, long step, double value, int population, int example) implements TraceFrame {
        public Metric(String name, long step, double value, int population) {
            this(name, step, value, population, -1);
        }
    }

    /**
     * Start or end of a named phase, with its kind ({@code unsupervised}, {@code readout}, ...;
     * empty in traces written before kinds were recorded) and the ids of the projections that
     * learn during it.
     */
    record Phase(String phase, long step, boolean begin, String kind, List<Integer> learning) implements TraceFrame {
        public Phase {
            learning = List.copyOf(learning);
        }

        /** A marker without kind or learners (as traces before they were recorded hold it). */
        public Phase(String phase, long step, boolean begin) {
            this(phase, step, begin, "", List.of());
        }

        /** The marker of {@code phase} beginning or ending at {@code step}. */
        public static Phase of(org.lamina.sim.model.Phase phase, long step, boolean begin) {
            return new Phase(phase.name(), step, begin, phase.kind().label(), List.copyOf(phase.learning()));
        }
    }
}
