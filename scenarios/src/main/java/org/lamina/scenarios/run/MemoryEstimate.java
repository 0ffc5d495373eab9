package org.lamina.scenarios.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.scenarios.dsl.Locations;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;

/**
 * A rough estimate, from a scenario's text alone, of the memory a run needs and of the size of
 * its trace, so that a run that cannot fit is refused before it allocates anything and a huge
 * trace is announced before it fills the disk.
 *
 * <p>It counts the big arrays only: one float per weight of each projection ({@code target ×
 * source}), twice for a projection with a learning rule (each rule keeps a working array the size
 * of its weights: Krotov's p-norm overlap, the update or gradient of SoftHebb and the supervised
 * rules; Adam's two moments are not counted), one {@code batch × size} float array per state
 * variable of each population (at least one, its output), and the dataset's images as floats. It
 * leaves out messages in flight, kernel buffers, smaller copies a model makes, and the JVM itself,
 * so a run needs more than it says: it refuses only what cannot fit. The trace figure counts weight snapshots and sampled
 * state (4 bytes a value, one snapshot or sample per {@code every} steps); spikes and metrics
 * depend on what the network does and are not counted.
 */
public record MemoryEstimate(List<Part> memory, List<Part> trace) {

    /** The most elements one Java array can hold (a little under 2^31 on HotSpot). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** A trace estimated above this gets a warning. */
    public static final long LARGE_TRACE = 1L << 30;

    /**
     * One array, or a set of arrays, of floats.
     *
     * @param key      the scenario key that decides its size, for messages
     * @param largest  elements of the largest single array among them (held in one Java array)
     */
    public record Part(String what, String key, long floats, long largest) {
        public long bytes() {
            return floats * Float.BYTES;
        }

        @Override
        public String toString() {
            return what + " = " + human(bytes());
        }
    }

    public MemoryEstimate {
        memory = List.copyOf(memory);
        trace = List.copyOf(trace);
    }

    public static MemoryEstimate of(Scenario s) {
        List<Part> memory = new ArrayList<>();
        for (ProjectionSpec j : s.projections()) {
            long rows = size(s, j.target());
            long cols = size(s, j.source());
            int copies = j.plasticity().plastic() ? 2 : 1;
            memory.add(new Part("weights " + j.source() + " -> " + j.target() + ": " + rows + " x " + cols + " floats"
                    + (copies > 1 ? ", twice with its rule's working array" : ""),
                    Locations.sizeOf(rows >= cols ? j.target() : j.source()), copies * rows * cols, rows * cols));
        }
        for (PopulationSpec p : s.populations()) {
            int arrays = Math.max(1, p.model().stateVariables().size());
            long each = (long) p.batch() * p.size();
            memory.add(new Part("state of " + p.name() + ": " + arrays + " x batch " + p.batch() + " x " + p.size()
                    + " floats", Locations.sizeOf(p.name()), arrays * each, each));
        }
        s.populations().stream().filter(p -> p.model() instanceof DatasetInput).findFirst().ifPresent(p -> {
            DatasetInput in = (DatasetInput) p.model();
            for (DatasetShape split : new DatasetShape[] {in.shape(), in.testShape()}) {
                if (split != null) {
                    long floats = (long) split.size() * split.pixels();
                    memory.add(new Part("dataset " + split.name() + " " + split.split().label() + ": " + split.size()
                            + " x " + split.pixels() + " floats", "dataset.limit", floats, floats));
                }
            }
        });
        List<Part> trace = new ArrayList<>();
        long steps = s.totalSteps();
        for (RecordingSpec.WeightProbe w : s.recording().weights()) {
            long values = size(s, w.target()) * size(s, w.source());
            long snapshots = steps / w.everySteps() + 1;
            trace.add(new Part("weight snapshots " + w.source() + " -> " + w.target() + ": " + snapshots + " x " + values
                    + " values", "recording.weights", snapshots * values, values));
        }
        for (RecordingSpec.StateProbe p : s.recording().state()) {
            long units = p.units().length > 0 ? p.units().length : size(s, p.population());
            long samples = steps / p.everySteps() + 1;
            long values = (long) s.batch() * units;
            trace.add(new Part("state " + p.population() + "." + p.variable() + ": " + samples + " x batch " + s.batch()
                    + " x " + units + " values", "recording.state", samples * values, values));
        }
        return new MemoryEstimate(memory, trace);
    }

    public long memoryBytes() {
        return memory.stream().mapToLong(Part::bytes).sum();
    }

    public long traceBytes() {
        return trace.stream().mapToLong(Part::bytes).sum();
    }

    /** The estimate in two lines: memory (the largest parts first) and trace. */
    public List<String> lines() {
        return List.of(
                "memory: at least " + human(memoryBytes()) + " (an estimate of the largest arrays: " + largest(memory, 3)
                        + "; not counted: messages in flight, kernel buffers, the JVM); this Java may use "
                        + human(Runtime.getRuntime().maxMemory()),
                "trace: about " + human(traceBytes()) + (trace.isEmpty() ? " (nothing recorded but spikes and metrics)"
                        : " (" + largest(trace, 3) + "; spikes and metrics not counted)"));
    }

    /** Why a run cannot fit in a heap of {@code maxMemory} bytes (the estimate exceeds it), if it cannot. */
    public Optional<Part> tooLargeFor(long maxMemory) {
        return memoryBytes() > maxMemory ? Optional.of(biggest(memory)) : Optional.empty();
    }

    /** An array larger than Java can hold, if the scenario needs one: it can never run. */
    public Optional<Part> beyondArrayLimit() {
        return memory.stream().filter(p -> p.largest() > MAX_ARRAY).findFirst();
    }

    /** The message refusing a run that needs more than {@code maxMemory}. */
    public String refusal(long maxMemory) {
        return "the run needs at least " + human(memoryBytes()) + " of memory (an estimate of its largest arrays: "
                + largest(memory, 3) + "), more than the " + human(maxMemory) + " this Java may use (its maximum heap);"
                + " make the scenario smaller, or give Java more memory (e.g. JAVA_TOOL_OPTIONS=-Xmx"
                + Math.max(1, (long) Math.ceil(memoryBytes() * 1.5 / (1L << 30))) + "g)";
    }

    /** A warning when the trace will be large (over 1 GiB) or larger than {@code usableSpace}, if it will. */
    public Optional<String> traceWarning(long usableSpace) {
        long t = traceBytes();
        if (t <= LARGE_TRACE && t <= usableSpace) {
            return Optional.empty();
        }
        return Optional.of("warning: the trace will take about " + human(t) + " (" + largest(trace, 3) + ")"
                + (t > usableSpace ? ", more than the " + human(usableSpace) + " free where the run folder goes" : "")
                + "; record weights or state less often (every), or fewer units, to make it smaller");
    }

    private static String largest(List<Part> parts, int n) {
        List<Part> sorted = parts.stream().sorted(Comparator.comparingLong(Part::bytes).reversed()).toList();
        List<String> out = new ArrayList<>();
        sorted.stream().limit(n).forEach(p -> out.add(p.toString()));
        if (sorted.size() > n) {
            out.add(sorted.size() - n + " more = " + human(sorted.stream().skip(n).mapToLong(Part::bytes).sum()));
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static Part biggest(List<Part> parts) {
        return parts.stream().max(Comparator.comparingLong(Part::bytes)).orElseThrow();
    }

    private static long size(Scenario s, String population) {
        return s.populations().stream().filter(p -> p.name().equals(population)).findFirst().orElseThrow().size();
    }

    /** {@code 312 B}, {@code 4.0 KiB}, {@code 5.8 GiB}. */
    public static String human(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
