package org.lamina.scenarios.traceio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.Metric;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.SpikeFrame;
import org.lamina.proto.SpikeSet;
import org.lamina.proto.StateFrame;
import org.lamina.proto.TraceRecord;
import org.lamina.proto.WeightSnapshot;
import org.lamina.scenarios.cli.Main;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceReader;

/**
 * Hand-built frames whose shape or count fields lie (negative as int, inconsistent with their
 * values, products beyond an int): summary and export refuse them with one line naming the file
 * and the record, exit 2, before any array is sized from them.
 */
class InvalidFramesTest {

    @TempDir
    Path dir;

    /** uint32 2^32 - 1 as protobuf-java holds it. */
    private static final int U32_MAX = -1;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.execute(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A header, a valid metric frame (record 2), then {@code frames} (records 3, ...). */
    private Path trace(String name, Frame... frames) throws IOException {
        Path p = dir.resolve(name + ".trace");
        try (TraceFileWriter w = TraceFileWriter.create(p)) {
            w.write(TraceRecord.newBuilder().setHeader(Header.newBuilder().setSchemaVersion(TraceReader.SCHEMA_VERSION)
                    .addPopulations(PopulationInfo.newBuilder().setId(0).setName("hid").setSize(4).setBatch(2))).build());
            w.write(TraceRecord.newBuilder().setFrame(Frame.newBuilder().setStep(0)
                    .setMetric(Metric.newBuilder().setName("ok").setValue(1))).build());
            for (Frame f : frames) {
                w.write(TraceRecord.newBuilder().setFrame(f).build());
            }
        }
        return p;
    }

    private static Frame spikes(long step, SpikeSet.Builder s) {
        return Frame.newBuilder().setStep(step).setSpikes(SpikeFrame.newBuilder().setPopulation(0).setSpikes(s)).build();
    }

    private static Frame state(long step, int batch, List<Integer> units, int values) {
        StateFrame.Builder s = StateFrame.newBuilder().setPopulation(0).setVariable("h").setBatch(batch).addAllUnits(units);
        for (int i = 0; i < values; i++) {
            s.addValues(i);
        }
        return Frame.newBuilder().setStep(step).setState(s).build();
    }

    private static Frame weights(long step, int rows, int cols, int values) {
        WeightSnapshot.Builder w = WeightSnapshot.newBuilder().setProjection(0).setRows(rows).setCols(cols);
        for (int i = 0; i < values; i++) {
            w.addValues(i);
        }
        return Frame.newBuilder().setStep(step).setWeights(w).build();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("batch-beyond-int", new Frame[] {spikes(3, SpikeSet.newBuilder().setBatch(U32_MAX).addCounts(0))},
                        "record 3 (spikes frame at step 3): corrupt spike set: spike set has 1 counts for batch 4294967295"),
                Arguments.of("counts-overflowing-int", new Frame[] {spikes(3, SpikeSet.newBuilder().setBatch(2)
                                .addCounts(U32_MAX).addCounts(2).addIndexDeltas(1))},
                        "record 3 (spikes frame at step 3): corrupt spike set: spike set counts sum to 4294967297 but holds 1 indices"),
                Arguments.of("neuron-beyond-int", new Frame[] {spikes(3, SpikeSet.newBuilder().setBatch(1).addCounts(1)
                                .addIndexDeltas(U32_MAX))},
                        "record 3 (spikes frame at step 3): corrupt spike set: neuron index 4294967295 of example 0 does not fit an int"),
                Arguments.of("repeated-neuron", new Frame[] {spikes(3, SpikeSet.newBuilder().setBatch(1).addCounts(2)
                                .addIndexDeltas(1).addIndexDeltas(0))},
                        "record 3 (spikes frame at step 3): corrupt spike set: spike indices of example 0 must be strictly increasing"),
                Arguments.of("state-product-overflowing-int", new Frame[] {state(4, 0x80000001, List.of(0, 1), 2)},
                        "record 3 (state frame at step 4): state-hid-h: holds 2 values for batch 2147483649 x 2 units"),
                Arguments.of("state-values-not-batch-times-units", new Frame[] {state(4, 2, List.of(0), 3)},
                        "record 3 (state frame at step 4): state-hid-h: holds 3 values for batch 2 x 1 units"),
                Arguments.of("state-without-units", new Frame[] {state(4, 2, List.of(), 0)},
                        "record 3 (state frame at step 4): state-hid-h: holds 0 values for batch 2 x 0 units"),
                Arguments.of("weights-negative-as-int", new Frame[] {weights(5, U32_MAX, U32_MAX, 1)},
                        "record 3 (weights frame at step 5): weights-0: holds 1 values for 4294967295 x 4294967295"),
                Arguments.of("weights-product-overflowing-int", new Frame[] {weights(5, 65536, 65536, 0)},
                        "record 3 (weights frame at step 5): weights-0: holds 0 values for 65536 x 65536"),
                Arguments.of("weights-values-not-rows-times-cols", new Frame[] {weights(5, 2, 3, 5)},
                        "record 3 (weights frame at step 5): weights-0: holds 5 values for 2 x 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void summaryAndExportRefuseTheFrameNamingFileAndRecord(String name, Frame[] frames, String why) throws IOException {
        Path trace = trace(name, frames);
        String expected = "error: " + trace + ": " + why;
        Result summary = run("trace", "summary", trace.toString());
        assertOneLineError(expected, summary);
        assertTrue(summary.out().contains("spikes") || summary.out().contains("frames:"), summary.out());
        for (String format : List.of("npy", "csv")) {
            assertOneLineError(expected, run("trace", "export", trace.toString(), "--format", format, "--out",
                    dir.resolve(name + "-" + format).toString()));
        }
    }

    @Test
    void aSeriesWhoseShapeChangesIsRefusedAtTheRecordThatChangesIt() throws IOException {
        Path trace = trace("changing", weights(5, 2, 3, 6), weights(6, 3, 2, 6));
        for (String format : List.of("npy", "csv")) {
            Result r = run("trace", "export", trace.toString(), "--format", format, "--out", dir.resolve(format).toString());
            if (format.equals("npy")) {
                assertOneLineError("error: " + trace + ": record 4 (weights frame at step 6): weights-0: the matrix shape"
                        + " changed from 2x3 to 3x2 at step 6", r);
            } else {
                assertEquals(0, r.code(), r.err()); // CSV rows carry their own row and column
            }
        }
    }

    /** Ids and indices are uint32: beyond 2^31 they are exported as the unsigned numbers the trace holds. */
    @Test
    void idsBeyondTwoToThe31AreExportedUnsigned() throws IOException {
        Path trace = trace("unsigned",
                Frame.newBuilder().setStep(1).setSpikes(SpikeFrame.newBuilder().setPopulation(U32_MAX)
                        .setSpikes(SpikeSet.newBuilder().setBatch(1).addCounts(1).addIndexDeltas(Integer.MAX_VALUE))).build(),
                state(2, 1, List.of(U32_MAX), 1),
                Frame.newBuilder().setStep(3).setMetric(Metric.newBuilder().setName("m").setValue(2)
                        .setPopulation(U32_MAX).setExample(U32_MAX)).build(),
                weights(4, 1, 1, 1).toBuilder().setWeights(weights(4, 1, 1, 1).getWeights().toBuilder().setProjection(U32_MAX))
                        .build());
        Path out = dir.resolve("csv");
        Result r = run("trace", "export", trace.toString(), "--format", "csv", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("step,population,example,neuron", "1,4294967295,0,2147483647"),
                Files.readAllLines(out.resolve("spikes.csv")));
        assertEquals(List.of("step,example,unit,value", "2,0,4294967295,0.0"), Files.readAllLines(out.resolve("state-hid-h.csv")));
        assertTrue(Files.readAllLines(out.resolve("metrics.csv")).contains("3,population-4294967295,4294967295,m,2.0"));
        assertTrue(Files.exists(out.resolve("weights-4294967295.csv")));
        Result summary = run("trace", "summary", trace.toString());
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("population-4294967295"), summary.out());
    }

    private static void assertOneLineError(String expected, Result r) {
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().strip().startsWith(expected), () -> "expected " + expected + "\nactual   " + r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
    }
}
