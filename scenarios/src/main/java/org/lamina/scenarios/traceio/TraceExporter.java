package org.lamina.scenarios.traceio;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.StateFrame;
import org.lamina.proto.TraceRecord;
import org.lamina.proto.WeightSnapshot;
import org.lamina.sim.codec.ProtoCodec;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.trace.TraceReader;

/**
 * Exports a trace's frames to CSV or NumPy files in one streaming pass (bounded memory):
 * spikes (step, population, example, neuron), each recorded state variable, each projection's
 * weight snapshots, and metrics. A frame whose shapes or counts are inconsistent ({@link
 * FrameCheck}), or that changes a series' shape, fails the export with an IOException naming the
 * file and the record. Ids and indices (uint32 in the schema) are written unsigned.
 */
public final class TraceExporter implements Closeable {

    public enum Format {
        CSV, NPY;

        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "npy" -> NPY;
                default -> throw new IllegalArgumentException("unknown format '" + s + "': expected csv or npy");
            };
        }
    }

    private final Path dir;
    private final Format format;
    private final Header header;
    private final Map<String, Sink> sinks = new LinkedHashMap<>();
    private final List<Path> written = new ArrayList<>();
    private final Map<String, List<Integer>> unitsBySeries = new HashMap<>();
    private final Map<String, Double> dtBySeries = new HashMap<>();

    /** A frame that cannot be exported; the caller says where it is. */
    private static final class InvalidFrame extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidFrame(String message) {
            super(message, null, false, false);
        }
    }

    private TraceExporter(Path dir, Format format, Header header) {
        this.dir = dir;
        this.format = format;
        this.header = header;
    }

    /** Exports {@code trace} into {@code dir}; returns the files written. Truncation is reported via {@code warn}. */
    public static List<Path> export(Path trace, Path dir, Format format, java.io.PrintStream warn) throws IOException {
        try (TraceReader r = TraceReader.open(trace)) {
            if (!r.hasNext()) {
                throw new IOException(r.problem().orElse(trace + ": empty file, not a Lamina trace"));
            }
            Header header = r.next().getHeader();
            Files.createDirectories(dir);
            try (TraceExporter e = new TraceExporter(dir, format, header)) {
                // Spikes and metrics files always exist (possibly empty), so consumers can rely on them.
                e.spikes();
                e.metrics();
                while (r.hasNext()) {
                    TraceRecord rec = r.next();
                    if (rec.hasFrame()) {
                        try {
                            e.add(rec.getFrame());
                        } catch (InvalidFrame bad) {
                            throw new IOException(FrameCheck.where(trace, r.recordsRead(), rec.getFrame()) + ": "
                                    + bad.getMessage());
                        }
                    }
                }
                r.problem().ifPresent(p -> warn.println("warning: " + p + "; exported what precedes it"));
                e.closeSinks();
                return List.copyOf(e.written);
            }
        }
    }

    private void add(Frame f) throws IOException, InvalidFrame {
        String bad = FrameCheck.problem(header, f);
        if (bad != null) {
            throw new InvalidFrame(bad);
        }
        long step = f.getStep();
        switch (f.getBodyCase()) {
            case SPIKES -> {
                long pop = Integer.toUnsignedLong(f.getSpikes().getPopulation());
                SpikeEmission s;
                try {
                    s = ProtoCodec.fromProto(step, f.getSpikes().getSpikes());
                } catch (IllegalArgumentException e) { // FrameCheck refused these already
                    throw new InvalidFrame("corrupt spike set: " + e.getMessage());
                }
                Sink sink = spikes();
                for (int b = 0; b < s.batch(); b++) {
                    for (int q = s.offsets()[b]; q < s.offsets()[b + 1]; q++) {
                        sink.row(step, pop, b, s.indices()[q]);
                    }
                }
            }
            case STATE -> addState(step, f.getState());
            case TRAJECTORY -> addTrajectory(step, f.getTrajectory());
            case WEIGHTS -> addWeights(step, f.getWeights());
            case METRIC -> metrics().csvLine(step + "," + (f.getMetric().hasPopulation()
                    ? csvField(TraceSummary.populationName(header, f.getMetric().getPopulation())) : "")
                    + "," + (f.getMetric().hasExample() ? Integer.toUnsignedString(f.getMetric().getExample()) : "")
                    + "," + csvField(f.getMetric().getName()) + "," + f.getMetric().getValue());
            case PHASE -> sink("phases", () -> Sink.csv(dir.resolve("phases.csv"), "step,phase,event,kind,learning"))
                    .csvLine(step + "," + csvField(f.getPhase().getPhase()) + "," + (f.getPhase().getBegin() ? "begin" : "end")
                            + "," + f.getPhase().getKind() + "," + f.getPhase().getLearningList().stream()
                            .map(String::valueOf).collect(java.util.stream.Collectors.joining(" ")));
            default -> {
            }
        }
    }

    private Sink spikes() throws IOException {
        return sink("spikes", () -> format == Format.CSV
                ? Sink.csv(dir.resolve("spikes.csv"), "step,population,example,neuron")
                : Sink.npy(dir.resolve("spikes.npy"), NpyWriter.Dtype.INT64, 4));
    }

    private Sink metrics() throws IOException {
        return sink("metrics", () -> Sink.csv(dir.resolve("metrics.csv"), "step,population,example,name,value"));
    }

    /** A state frame, its shapes checked by {@link FrameCheck}. */
    private void addState(long step, StateFrame s) throws IOException, InvalidFrame {
        String base = FrameCheck.stateSeries(header, s);
        int units = s.getUnitsCount();
        int batch = s.getBatch(); // at most the number of values, so a positive int
        // The first frame fixes the sampled units; .npy needs one shape, and CSV readers expect one too.
        List<Integer> first = unitsBySeries.computeIfAbsent(base, k -> List.copyOf(s.getUnitsList()));
        if (!first.equals(s.getUnitsList())) {
            throw new InvalidFrame(base + ": the sampled units changed at step " + step + " from " + unsigned(first)
                    + " to " + unsigned(s.getUnitsList()));
        }
        if (format == Format.CSV) {
            Sink sink = sink(base, () -> Sink.csv(dir.resolve(base + ".csv"), "step,example,unit,value"));
            for (int b = 0; b < batch; b++) {
                for (int u = 0; u < units; u++) {
                    sink.csvLine(step + "," + b + "," + Integer.toUnsignedString(s.getUnits(u)) + ","
                            + s.getValues(b * units + u));
                }
            }
            return;
        }
        Sink values = sink(base, () -> Sink.npy(dir.resolve(base + ".npy"), NpyWriter.Dtype.FLOAT32, batch, units));
        if (values.rowShape[0] != batch || values.rowShape[1] != units) {
            throw new InvalidFrame(base + ": the sampled shape changed from " + values.rowShape[0] + "x"
                    + values.rowShape[1] + " to " + batch + "x" + units + " at step " + step);
        }
        for (int i = 0; i < s.getValuesCount(); i++) {
            values.npy.add(s.getValues(i));
        }
        sink(base + "-steps", () -> Sink.npy(dir.resolve(base + "-steps.npy"), NpyWriter.Dtype.INT64)).npy.add(step);
        if (!sinks.containsKey(base + "-units")) {
            Sink u = sink(base + "-units", () -> Sink.npy(dir.resolve(base + "-units.npy"), NpyWriter.Dtype.INT64));
            for (int unit : s.getUnitsList()) {
                u.npy.add(Integer.toUnsignedLong(unit));
            }
        }
    }

    /**
     * A traced path: CSV rows (step, example, sample, time, unit, value), or .npy arrays of
     * {@code n × samples × units} values with the steps, examples and units of each path; the
     * first path fixes the shape and the sample spacing.
     */
    private void addTrajectory(long step, org.lamina.proto.Trajectory t) throws IOException, InvalidFrame {
        String base = "trajectory-" + fileSafe(TraceSummary.populationName(header, t.getPopulation())) + "-"
                + fileSafe(t.getVariable());
        int units = t.getUnitsCount();
        long samplesCount = Integer.toUnsignedLong(t.getSamples()); // uint32
        if (units == 0 || samplesCount == 0 || t.getValuesCount() != samplesCount * units) {
            throw new InvalidFrame(base + ": step " + step + " holds " + t.getValuesCount() + " values for "
                    + samplesCount + " samples x " + units + " units");
        }
        int samples = (int) samplesCount; // at most the number of values
        if (format == Format.CSV) {
            Sink sink = sink(base, () -> Sink.csv(dir.resolve(base + ".csv"), "step,example,sample,time_ms,unit,value"));
            for (int s = 0; s < samples; s++) {
                for (int u = 0; u < units; u++) {
                    sink.csvLine(step + "," + t.getExample() + "," + s + "," + s * t.getDtMs() + "," + t.getUnits(u)
                            + "," + t.getValues(s * units + u));
                }
            }
            return;
        }
        Sink values = sink(base, () -> Sink.npy(dir.resolve(base + ".npy"), NpyWriter.Dtype.FLOAT32, samples, units));
        double dt = dtBySeries.computeIfAbsent(base, k -> t.getDtMs());
        if (values.rowShape[0] != samples || values.rowShape[1] != units || dt != t.getDtMs()) {
            throw new InvalidFrame(base + ": the traced shape changed from " + values.rowShape[0] + " samples x "
                    + values.rowShape[1] + " units, " + dt + " ms apart, to " + samples + " x " + units + ", "
                    + t.getDtMs() + " ms apart at step " + step);
        }
        for (int i = 0; i < t.getValuesCount(); i++) {
            values.npy.add(t.getValues(i));
        }
        sink(base + "-steps", () -> Sink.npy(dir.resolve(base + "-steps.npy"), NpyWriter.Dtype.INT64)).npy.add(step);
        sink(base + "-examples", () -> Sink.npy(dir.resolve(base + "-examples.npy"), NpyWriter.Dtype.INT64)).npy
                .add(t.getExample());
        Sink u = sink(base + "-units", () -> Sink.npy(dir.resolve(base + "-units.npy"), NpyWriter.Dtype.INT64, units));
        for (int unit : t.getUnitsList()) {
            u.npy.add(unit);
        }
    }

    /** A weight snapshot, its shape checked by {@link FrameCheck}, and what its target recorded with it. */
    private void addWeights(long step, WeightSnapshot w) throws IOException, InvalidFrame {
        String base = FrameCheck.weightSeries(w);
        if (format == Format.CSV) {
            addWeightsCsv(step, base, w);
        } else {
            addWeightsNpy(step, base, w);
        }
        for (org.lamina.proto.NamedValues e : w.getExtrasList()) {
            addWeightExtra(step, base + "-extra-" + fileSafe(e.getName()), e);
        }
    }

    /** CSV rows (step, row, col, value). */
    private void addWeightsCsv(long step, String base, WeightSnapshot w) throws IOException {
        int rows = w.getRows(); // both at most the number of values, so positive ints
        int cols = w.getCols();
        Sink sink = sink(base, () -> Sink.csv(dir.resolve(base + ".csv"), "step,row,col,value"));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                sink.csvLine(step + "," + r + "," + c + "," + w.getValues(r * cols + c));
            }
        }
    }

    /** An {@code n × rows × cols} array and its steps; the first snapshot fixes the shape. */
    private void addWeightsNpy(long step, String base, WeightSnapshot w) throws IOException, InvalidFrame {
        int rows = w.getRows();
        int cols = w.getCols();
        Sink values = sink(base, () -> Sink.npy(dir.resolve(base + ".npy"), NpyWriter.Dtype.FLOAT32, rows, cols));
        if (values.rowShape[0] != rows || values.rowShape[1] != cols) {
            throw new InvalidFrame(base + ": the matrix shape changed from " + values.rowShape[0] + "x"
                    + values.rowShape[1] + " to " + rows + "x" + cols + " at step " + step);
        }
        for (int i = 0; i < w.getValuesCount(); i++) {
            values.npy.add(w.getValues(i));
        }
        sink(base + "-steps", () -> Sink.npy(dir.resolve(base + "-steps.npy"), NpyWriter.Dtype.INT64)).npy.add(step);
    }

    /**
     * What the target recorded with a weight snapshot under one name (a readout's bias): CSV rows
     * (step, index, value), or .npy arrays of {@code n × length} values and their steps.
     */
    private void addWeightExtra(long step, String base, org.lamina.proto.NamedValues e) throws IOException, InvalidFrame {
        int length = e.getValuesCount();
        if (format == Format.CSV) {
            Sink sink = sink(base, () -> Sink.csv(dir.resolve(base + ".csv"), "step,index,value"));
            for (int i = 0; i < length; i++) {
                sink.csvLine(step + "," + i + "," + e.getValues(i));
            }
            return;
        }
        Sink values = sink(base, () -> Sink.npy(dir.resolve(base + ".npy"), NpyWriter.Dtype.FLOAT32, length));
        if (values.rowShape[0] != length) {
            throw new InvalidFrame(base + ": the length changed from " + values.rowShape[0] + " to " + length
                    + " at step " + step);
        }
        for (int i = 0; i < length; i++) {
            values.npy.add(e.getValues(i));
        }
        sink(base + "-steps", () -> Sink.npy(dir.resolve(base + "-steps.npy"), NpyWriter.Dtype.INT64)).npy.add(step);
    }

    private static List<String> unsigned(List<Integer> ids) {
        return ids.stream().map(Integer::toUnsignedString).toList();
    }

    /** Keeps names usable as file names on every OS (population and variable names come from scenarios). */
    static String fileSafe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "_" : safe;
    }

    /** Quotes a CSV field (RFC 4180) when it holds a comma, quote or line break. */
    private static final java.util.regex.Pattern NEEDS_QUOTES = java.util.regex.Pattern.compile("[,\"\r\n]");

    static String csvField(String s) {
        return NEEDS_QUOTES.matcher(s).find() ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private interface SinkFactory {
        Sink create() throws IOException;
    }

    private Sink sink(String key, SinkFactory factory) throws IOException {
        Sink s = sinks.get(key);
        if (s == null) {
            s = factory.create();
            sinks.put(key, s);
            written.add(s.path);
        }
        return s;
    }

    private void closeSinks() throws IOException {
        for (Sink s : sinks.values()) {
            s.close();
        }
        sinks.clear();
    }

    @Override
    public void close() throws IOException {
        closeSinks();
    }

    /** One output file: a CSV text file or a streaming .npy array. */
    private static final class Sink implements Closeable {
        final Path path;
        final BufferedWriter csv;
        final NpyWriter npy;
        final int[] rowShape;

        private Sink(Path path, BufferedWriter csv, NpyWriter npy, int[] rowShape) {
            this.path = path;
            this.csv = csv;
            this.npy = npy;
            this.rowShape = rowShape;
        }

        static Sink csv(Path path, String headerLine) throws IOException {
            BufferedWriter w = Files.newBufferedWriter(path);
            w.write(headerLine);
            w.newLine();
            return new Sink(path, w, null, new int[0]);
        }

        static Sink npy(Path path, NpyWriter.Dtype dtype, int... rowShape) throws IOException {
            return new Sink(path, null, new NpyWriter(path, dtype, rowShape), rowShape);
        }

        void csvLine(String line) throws IOException {
            csv.write(line);
            csv.newLine();
        }

        /** A row of integers, in CSV or as int64 .npy values. */
        void row(long... values) throws IOException {
            if (csv != null) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < values.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(values[i]);
                }
                csvLine(sb.toString());
            } else {
                for (long v : values) {
                    npy.add(v);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (csv != null) {
                csv.close();
            } else {
                npy.close();
            }
        }
    }
}
