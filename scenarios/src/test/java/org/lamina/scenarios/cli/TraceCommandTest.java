package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.proto.Header;
import org.lamina.proto.KernelBackend;
import org.lamina.proto.Param;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.ProjectionInfo;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.codec.ProtoCodec;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceFrame;
import org.lamina.sim.trace.TraceReader;

/** {@code lamina trace} as a user meets it: exit codes, messages, default folders, failed and cut traces. */
class TraceCommandTest {

    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one command line. */
    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Population ids 3 and 7 (not list positions), a few frames, then the given footer. */
    private Path writeTrace(String name, Footer footer, TraceFrame... frames) throws IOException {
        Path trace = dir.resolve(name);
        try (TraceFileWriter w = TraceFileWriter.create(trace)) {
            w.write(TraceRecord.newBuilder().setHeader(Header.newBuilder().setSchemaVersion(TraceReader.SCHEMA_VERSION).setLaminaVersion("9.9")
                    .setScenarioName("cmd").setSeed(42).setDtMs(0.25).setWindowSteps(2)
                    .setBackend(KernelBackend.newBuilder().setRequested("opencl").setBackend("java").setDevice("cpu")
                            .setFallbackReason("no OpenCL platform"))
                    .addPopulations(PopulationInfo.newBuilder().setId(3).setName("input").setModel("poisson")
                            .setSize(8).setBatch(2).addParams(Param.newBuilder().setKey("rate").setValue("20")))
                    .addPopulations(PopulationInfo.newBuilder().setId(7).setName("out").setModel("lif")
                            .setSize(4).setBatch(2))
                    .addProjections(ProjectionInfo.newBuilder().setId(0).setSource(3).setTarget(7).setDelaySteps(2)
                            .setPlasticity("stdp"))).build());
            for (TraceFrame f : frames) {
                w.write(TraceRecord.newBuilder().setFrame(ProtoCodec.toProto(f)).build());
            }
            if (footer != null) {
                w.write(TraceRecord.newBuilder().setFooter(footer).build());
            }
        }
        return trace;
    }

    private static TraceFrame spikes(int population, long step, int... neuronsOfExample0) {
        return new TraceFrame.Spikes(population,
                new SpikeEmission(step, 2, new int[] {0, neuronsOfExample0.length, neuronsOfExample0.length},
                        neuronsOfExample0));
    }

    @Test
    void summaryNamesPopulationsByIdAndReportsAFailure() throws IOException {
        Footer failed = Footer.newBuilder().setStatus(Footer.Status.FAILED).setStepsCompleted(5)
                .setError("membrane potential is NaN").setFailedPopulation("out").setFailedStep(6).build();
        Path trace = writeTrace("failed.trace", failed, spikes(3, 0, 1, 4), spikes(7, 1, 2),
                spikes(3, 2, 0, 5, 6), new TraceFrame.Phase("train", 0, true), new TraceFrame.Phase("train", 5, false),
                new TraceFrame.Phase("train", 6, true), new TraceFrame.Metric("rate", 4, 12.5, 7));
        Result r = run("trace", "summary", trace.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("seed 42, dt 0.25 ms, window 2 steps"), out);
        assertTrue(out.contains("requested opencl, used java on cpu (fallback: no OpenCL platform)"), out);
        assertTrue(out.contains("{rate=20}"), out);
        assertTrue(out.contains("0 input -> out, delay 2, plasticity stdp"), out);
        assertTrue(out.matches("(?s).*\n  input\\s+5\n  out\\s+1\n.*"), out);
        assertTrue(out.matches("(?s).*spikes\\s+3\n.*"), out);
        assertTrue(out.contains("steps    0..6"), out);
        assertTrue(out.matches("(?s).*out\\.rate\\s+1\\s+12\\.5\n.*"), out);
        assertTrue(out.contains("begun 2x, ended 1x, first begin at step 0, last end at step 5 (still open)"), out);
        assertTrue(out.contains("footer: FAILED after 5 steps: membrane potential is NaN"), out);
        assertTrue(out.contains("failed population: out, step 6"), out);
        assertTrue(!out.contains("TRUNCATED"), out);
    }

    @Test
    void aCutTraceExportsEveryCompleteFrameAndWarns() throws IOException {
        Footer done = Footer.newBuilder().setStatus(Footer.Status.COMPLETED).setStepsCompleted(3).build();
        Path full = writeTrace("full.trace", done, spikes(3, 0, 1), spikes(3, 1, 2),
                new TraceFrame.Metric("loss, smoothed", 2, 0.5, -1));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.trace");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));

        Result summary = run("trace", "summary", cut.toString());
        assertEquals(0, summary.code());
        assertTrue(summary.out().contains("footer: missing"), summary.out());
        assertTrue(summary.out().contains("TRUNCATED: " + cut + ": truncated or corrupt at byte"), summary.out());

        Result export = run("trace", "export", cut.toString(), "--format", "csv");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.err().contains("truncated or corrupt"), export.err());
        Path folder = dir.resolve("cut-export");
        assertTrue(export.out().contains(folder.toString()), export.out());
        assertEquals(List.of("step,population,example,neuron", "0,3,0,1", "1,3,0,2"),
                Files.readAllLines(folder.resolve("spikes.csv")));
        assertEquals(List.of("step,population,example,name,value", "2,,,\"loss, smoothed\",0.5"),
                Files.readAllLines(folder.resolve("metrics.csv")));
    }

    @Test
    void aTraceWithoutSpikesStillGetsAnEmptySpikesArray() throws IOException {
        Path trace = writeTrace("quiet.trace", null, new TraceFrame.Metric("m", 0, 1, -1));
        Path out = dir.resolve("npy");
        assertEquals(0, run("trace", "export", trace.toString(), "--format", "npy", "--out", out.toString()).code());
        String header = new String(Files.readAllBytes(out.resolve("spikes.npy")), StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (0, 4)"), header);
        assertEquals(128, Files.size(out.resolve("spikes.npy")));
    }

    @Test
    void stateWhoseSampledUnitsChangeIsRefused() throws IOException {
        Path trace = writeTrace("shapes.trace", null,
                new TraceFrame.State(7, "v", 0, 2, new int[] {0, 1}, new float[] {1, 2, 3, 4}),
                new TraceFrame.State(7, "v", 1, 2, new int[] {0, 2}, new float[] {1, 2, 3, 4}));
        for (String format : List.of("csv", "npy")) {
            Result r = run("trace", "export", trace.toString(), "--format", format, "--out", dir.resolve(format).toString());
            assertEquals(Main.EXIT_BAD_INPUT, r.code(), format);
            assertTrue(r.err().contains("state-out-v: the sampled units changed at step 1"), r.err());
        }
    }

    @Test
    void badInputExitsWithTwoAndSaysWhy() throws IOException {
        Result missing = run("trace", "summary", dir.resolve("absent.trace").toString());
        assertEquals(Main.EXIT_BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("absent.trace"), missing.err());

        assertEquals(Main.EXIT_BAD_INPUT, run("trace", "export", dir.resolve("absent.trace").toString()).code());

        Path trace = writeTrace("ok.trace", null);
        Result format = run("trace", "export", trace.toString(), "--format", "parquet");
        assertEquals(Main.EXIT_BAD_INPUT, format.code());
        assertTrue(format.err().contains("csv") && format.err().contains("npy"), format.err());

        Path empty = Files.createFile(dir.resolve("empty.trace"));
        Result notATrace = run("trace", "summary", empty.toString());
        assertEquals(Main.EXIT_BAD_INPUT, notATrace.code());
        assertTrue(notATrace.err().contains("not a Lamina trace"), notATrace.err());
    }
}
