package org.lamina.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.lamina.proto.Checkpoint;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.sim.codec.CheckpointCodec;
import org.lamina.sim.codec.ProtoCodec;
import org.lamina.sim.engine.EngineCheckpoint;
import org.lamina.sim.engine.Provenance;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceFrame;
import org.lamina.sim.trace.TraceReader;

/**
 * What {@code lamina resume RUN_FOLDER} continues from: the run folder's latest intact
 * checkpoint ({@link CheckpointFiles}), checked against the folder (the same resolved scenario,
 * the same Lamina, a trace that holds every record the checkpoint covers) before anything is
 * changed. {@link ScenarioRunner#resume} then cuts the trace back to the checkpoint, rebuilds the
 * run's outputs from the frames before it ({@link #restore}) and goes on.
 */
public final class RunResume {
    /** The checkpoint layout this Lamina writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private final Path folder;
    private final String scenarioText;
    private final Scenario scenario;
    private final String source;
    private final List<String> overrides;
    private final List<String> earlierResumes;
    private final CheckpointFiles.Found found;
    private final EngineCheckpoint engine;

    private RunResume(Path folder, String scenarioText, Scenario scenario, String source, List<String> overrides,
                      List<String> earlierResumes, CheckpointFiles.Found found, EngineCheckpoint engine) {
        this.folder = folder;
        this.scenarioText = scenarioText;
        this.scenario = scenario;
        this.source = source;
        this.overrides = overrides;
        this.earlierResumes = earlierResumes;
        this.found = found;
        this.engine = engine;
    }

    /** The resolved scenario text a run folder holds ({@code scenario.conf}), to parse and resolve before {@link #prepare}. */
    public static String scenarioText(Path folder) throws IOException {
        Path file = folder.resolve(ScenarioRunner.SCENARIO_FILE);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(folder.resolve(RunFolder.TRACE_FILE))) {
            throw new IOException(folder + " is not a run folder (it has no " + ScenarioRunner.SCENARIO_FILE + " and "
                    + RunFolder.TRACE_FILE + ")");
        }
        return Files.readString(file);
    }

    /**
     * Finds the checkpoint to resume the run in {@code folder} from, whose {@code scenario.conf}
     * read as {@code text} and resolved is {@code scenario}; says on {@code notes} which damaged
     * checkpoints it skipped.
     *
     * @throws IOException naming what does not fit: no checkpoint, another scenario or Lamina, a damaged trace
     */
    public static RunResume prepare(Path folder, String text, Scenario scenario, PrintStream notes) throws IOException {
        CheckpointFiles.Found found = CheckpointFiles.latest(folder, notes);
        if (found == null) {
            throw new IOException(folder + " has no checkpoint to resume from (a run saves one every checkpoint.every"
                    + " epochs and at the end of each phase; this one saved none"
                    + (CheckpointFiles.list(folder).isEmpty() ? "" : " that reads back whole") + ")");
        }
        Checkpoint c = found.checkpoint();
        if (c.getFormatVersion() != FORMAT_VERSION) {
            throw new IOException(found.file() + " has checkpoint format " + c.getFormatVersion() + "; this Lamina reads "
                    + FORMAT_VERSION);
        }
        if (!c.getLaminaVersion().equals(Provenance.laminaVersion())) {
            throw new IOException(found.file() + " was written by Lamina " + c.getLaminaVersion() + ", this is "
                    + Provenance.laminaVersion() + ": resume it with the Lamina that ran it, so that it computes the same");
        }
        if (!c.getScenarioSha256().equals(ScenarioRunner.sha256(text))) {
            throw new IOException(folder.resolve(ScenarioRunner.SCENARIO_FILE) + " is not the scenario "
                    + found.file().getFileName() + " was saved with (it changed since): the run cannot be resumed");
        }
        if (c.getSchedule().getPhase() >= scenario.schedule().size()) {
            throw new IOException(found.file() + " points past the end of the schedule");
        }
        EngineCheckpoint engine;
        try {
            engine = CheckpointCodec.fromProto(c.getEngine());
        } catch (IllegalArgumentException e) {
            throw new IOException(found.file() + ": " + e.getMessage(), e);
        }
        checkTrace(folder.resolve(RunFolder.TRACE_FILE), c.getTraceBytes(), 1 + engine.frames(), found.file());
        Config manifest = ConfigFactory.empty();
        Path m = folder.resolve(RunOutputs.MANIFEST_FILE);
        if (Files.isRegularFile(m)) {
            manifest = ConfigFactory.parseFile(m.toFile());
        }
        String source = manifest.hasPath("scenario.source") ? manifest.getString("scenario.source") : "";
        List<String> overrides = manifest.hasPath("scenario.overrides") ? manifest.getStringList("scenario.overrides")
                : List.of();
        List<String> resumed = manifest.hasPath("resumed") ? manifest.getStringList("resumed") : List.of();
        return new RunResume(folder, text, scenario, source, overrides, resumed, found, engine);
    }

    /** The trace must hold at least the records the checkpoint covers, whole, ending at its byte count. */
    private static void checkTrace(Path trace, long bytes, long records, Path checkpoint) throws IOException {
        try (TraceReader r = TraceReader.open(trace)) {
            while (r.recordsRead() < records && r.hasNext()) {
                r.next();
            }
            if (r.recordsRead() < records || r.validBytes() != bytes) {
                throw new IOException(trace + " does not hold the " + records + " records (" + bytes + " bytes) that "
                        + checkpoint.getFileName() + " covers: it holds " + r.recordsRead() + " (" + r.validBytes()
                        + " bytes)" + r.problem().map(p -> "; " + p).orElse(""));
            }
        }
    }

    public Path folder() {
        return folder;
    }

    public String scenarioText() {
        return scenarioText;
    }

    public Scenario scenario() {
        return scenario;
    }

    public String source() {
        return source;
    }

    public List<String> overrides() {
        return overrides;
    }

    public Checkpoint checkpoint() {
        return found.checkpoint();
    }

    public EngineCheckpoint engine() {
        return engine;
    }

    /** The times this run was resumed before, as its manifest lists them. */
    public List<String> earlierResumes() {
        return earlierResumes;
    }

    /** This resume, for the manifest: from which checkpoint, where in the schedule, when. */
    public String describe() {
        Checkpoint c = found.checkpoint();
        Scenario.Phase p = scenario.schedule().get(c.getSchedule().getPhase());
        return found.file().getFileName() + " (step " + engine.step() + ", phase " + p.name()
                + (c.getSchedule().getEpochsDone() > 0 ? " after epoch " + c.getSchedule().getEpochsDone() : "")
                + ") at " + Instant.now();
    }

    /** The trace cut back to the checkpoint, open for appending. */
    TraceFileWriter continueTrace() throws IOException {
        return TraceFileWriter.continueAt(folder.resolve(RunFolder.TRACE_FILE), found.checkpoint().getTraceBytes(),
                1 + engine.frames());
    }

    /** Rebuilds the run's collected metrics and phase timings from the trace before the checkpoint and its saved state. */
    void restore(MetricsCollector metrics, List<MetricsCollector.PhaseTiming> timings) throws IOException {
        JsonNode state = new ObjectMapper().readTree(found.checkpoint().getRunner().getStateJson());
        for (JsonNode t : state.path("timings")) {
            timings.add(new MetricsCollector.PhaseTiming(t.path("name").asText(), t.path("steps").asLong(),
                    t.path("seconds").asDouble(), t.path("batch").asInt()));
        }
        try (TraceReader r = TraceReader.open(folder.resolve(RunFolder.TRACE_FILE))) {
            long frames = engine.frames();
            Iterable<TraceFrame> before = () -> new Iterator<>() {
                private long read;

                @Override
                public boolean hasNext() {
                    return read < frames;
                }

                @Override
                public TraceFrame next() {
                    try {
                        while (r.hasNext()) {
                            TraceRecord rec = r.next();
                            if (rec.hasFrame()) {
                                read++;
                                return ProtoCodec.fromProto(rec.getFrame());
                            }
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    throw new NoSuchElementException("the trace ended before the checkpoint's frames");
                }
            };
            metrics.replay(state.path("metrics").toString(), before);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
