package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.proto.Header;
import org.lamina.proto.NamedValues;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.ProjectionInfo;
import org.lamina.proto.TraceRecord;
import org.lamina.proto.WeightSnapshot;
import org.lamina.scenarios.traceio.FrameCheck;
import org.lamina.sim.trace.TraceReader;

/**
 * The weights a previous run recorded: the latest snapshot of one projection in a run folder's
 * trace (or a trace file), or the latest up to a step, read as a stream so a long run's large
 * trace costs no memory. Lets a scenario start from learnt weights
 * ({@code init = { kind = from-run, run = ..., step = ... }}).
 */
public final class RunWeights {

    /**
     * A snapshot: {@code rows × cols} row-major, taken at {@code step}, with what the target
     * recorded alongside (a readout's bias and feature standardisation), by name.
     */
    public record Snapshot(int rows, int cols, long step, float[] values, SortedMap<String, float[]> extras) {
    }

    private RunWeights() {
    }

    /** The trace of a run folder, or the path itself when it is a file. */
    public static Path trace(Path run) {
        return Files.isDirectory(run) ? run.resolve(RunFolder.TRACE_FILE) : run;
    }

    /** The latest recorded weights of the projection {@code source -> target}. */
    public static Snapshot latest(Path run, String source, String target) throws IOException {
        return upTo(run, source, target, Long.MAX_VALUE);
    }

    /**
     * The latest weights of {@code source -> target} recorded at or before {@code maxStep} (an
     * earlier stage of a long run, e.g. for accuracy against epochs).
     */
    public static Snapshot upTo(Path run, String source, String target, long maxStep) throws IOException {
        Path trace = trace(run);
        if (!Files.isRegularFile(trace)) {
            throw new IOException("no trace at " + trace);
        }
        int projection = -1;
        Header header = null;
        WeightSnapshot last = null;
        long step = -1;
        long firstStep = -1;
        int recorded = 0;
        String problem = null;
        try (TraceReader r = TraceReader.open(trace)) {
            while (r.hasNext()) {
                TraceRecord rec = r.next();
                if (rec.hasHeader()) {
                    header = rec.getHeader();
                    projection = find(header, source, target, trace);
                } else if (rec.hasFrame() && rec.getFrame().hasWeights()
                        && rec.getFrame().getWeights().getProjection() == projection) {
                    String bad = FrameCheck.problem(header, rec.getFrame());
                    if (bad != null) {
                        throw new IOException(FrameCheck.where(trace, r.recordsRead(), rec.getFrame()) + ": " + bad);
                    }
                    long at = rec.getFrame().getStep();
                    firstStep = recorded++ == 0 ? at : firstStep;
                    if (at <= maxStep) {
                        last = rec.getFrame().getWeights();
                        step = at;
                    }
                }
            }
            problem = r.problem().orElse(null);
        }
        if (last == null && recorded > 0) {
            throw new IOException(trace + " holds " + recorded + " recorded weights of " + source + " -> " + target
                    + ", the first at step " + firstStep + ": none at or before step " + maxStep);
        }
        if (last == null) {
            throw new IOException(trace + " holds no recorded weights of " + source + " -> " + target
                    + (problem != null ? " (the trace is damaged: " + problem + ")"
                    : " (record them: recording.weights = [ { source = " + source + ", target = " + target
                    + ", every = N } ])"));
        }
        float[] values = new float[last.getValuesCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = last.getValues(i);
        }
        TreeMap<String, float[]> extras = new TreeMap<>();
        for (NamedValues n : last.getExtrasList()) {
            float[] v = new float[n.getValuesCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = n.getValues(i);
            }
            extras.put(n.getName(), v);
        }
        return new Snapshot(last.getRows(), last.getCols(), step, values, extras);
    }

    private static int find(Header h, String source, String target, Path trace) throws IOException {
        for (ProjectionInfo j : h.getProjectionsList()) {
            if (name(h, j.getSource()).equals(source) && name(h, j.getTarget()).equals(target)) {
                return j.getId();
            }
        }
        throw new IOException(trace + " has no projection " + source + " -> " + target);
    }

    private static String name(Header h, int population) {
        for (PopulationInfo p : h.getPopulationsList()) {
            if (p.getId() == population) {
                return p.getName();
            }
        }
        return "";
    }
}
