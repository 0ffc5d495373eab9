package org.lamina.scenarios.traceio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.proto.Header;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.cli.Main;
import org.lamina.sim.codec.ProtoCodec;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceFrame;
import org.lamina.sim.trace.TraceReader;

/** A hand-built trace with known content, summarised and exported to CSV and .npy. */
class TraceExportTest {

    @TempDir
    Path dir;

    private Path trace;

    @BeforeEach
    void writeKnownTrace() throws IOException {
        trace = dir.resolve("known.trace");
        try (TraceFileWriter w = TraceFileWriter.create(trace)) {
            w.write(TraceRecord.newBuilder().setHeader(Header.newBuilder().setSchemaVersion(TraceReader.SCHEMA_VERSION).setSeed(5)
                    .setScenarioName("known")
                    .addPopulations(PopulationInfo.newBuilder().setId(0).setName("in").setSize(10).setBatch(2))
                    .addPopulations(PopulationInfo.newBuilder().setId(1).setName("hid").setSize(4).setBatch(2))).build());
            List<TraceFrame> frames = List.of(
                    new TraceFrame.Phase("train", 0, true),
                    new TraceFrame.Spikes(0, new SpikeEmission(0, 2, new int[] {0, 2, 3}, new int[] {1, 7, 3})),
                    new TraceFrame.State(1, "h", 0, 2, new int[] {0, 3}, new float[] {0.5f, -1f, 2f, 0.25f}),
                    new TraceFrame.Spikes(1, new SpikeEmission(1, 2, new int[] {0, 0, 1}, new int[] {2})),
                    new TraceFrame.State(1, "h", 2, 2, new int[] {0, 3}, new float[] {1f, 2f, 3f, 4f}),
                    new TraceFrame.Weights(0, 2, 2, 3, new float[] {1, 2, 3, 4, 5, 6},
                            new java.util.TreeMap<>(java.util.Map.of("bias", new float[] {0.5f, -2}))),
                    new TraceFrame.Metric("active", 2, 3.0, 1),
                    new TraceFrame.Metric("winner", 2, 3.0, 1, 1));
            for (TraceFrame f : frames) {
                w.write(TraceRecord.newBuilder().setFrame(ProtoCodec.toProto(f)).build());
            }
            w.write(TraceRecord.newBuilder().setFooter(Footer.newBuilder().setStatus(Footer.Status.COMPLETED)
                    .setStepsCompleted(3).setFrames(7).setSpikeEvents(4)).build());
        }
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return code + "\n" + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void summaryCountsFramesAndReportsTheFooter() {
        String out = run("trace", "summary", trace.toString());
        assertTrue(out.startsWith("0\n"), out);
        assertTrue(out.contains("spikes   2"), out);
        assertTrue(out.contains("state    2"), out);
        assertTrue(out.contains("steps    0..2"), out);
        assertTrue(out.matches("(?s).*in\\s+3\\n.*"), out);
        assertTrue(out.matches("(?s).*hid\\s+1\\n.*"), out);
        assertTrue(out.contains("hid.active"), out);
        assertTrue(out.matches("(?s).*train\\s+begun 1x, ended 0x, first begin at step 0 \\(still open\\).*"), out);
        assertTrue(out.contains("footer: COMPLETED, 3 steps"), out);
    }

    @Test
    void aTruncatedTraceIsStillSummarisedAndSaysSo() throws IOException {
        byte[] bytes = Files.readAllBytes(trace);
        Path cut = dir.resolve("cut.trace");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        String out = run("trace", "summary", cut.toString());
        assertTrue(out.startsWith("0\n"), out);
        assertTrue(out.contains("footer: missing"), out);
        assertTrue(out.contains("TRUNCATED"), out);
        assertTrue(out.contains("spikes   2"), out);
    }

    @Test
    void badInputExitsWithTwo() throws IOException {
        assertTrue(run("trace", "summary", dir.resolve("nope.trace").toString()).startsWith("2\n"));
        assertTrue(run("trace", "export", trace.toString(), "--format", "xlsx").startsWith("2\n"));
        Path junk = dir.resolve("junk.trace");
        Files.writeString(junk, "not a trace");
        assertTrue(run("trace", "summary", junk.toString()).startsWith("2\n"));
    }

    @Test
    void csvExportHoldsExactlyTheFrames() throws IOException {
        Path out = dir.resolve("csv");
        assertTrue(run("trace", "export", trace.toString(), "--format", "csv", "--out", out.toString()).startsWith("0\n"));
        assertEquals(List.of("step,population,example,neuron", "0,0,0,1", "0,0,0,7", "0,0,1,3", "1,1,1,2"),
                Files.readAllLines(out.resolve("spikes.csv")));
        assertEquals(List.of("step,example,unit,value", "0,0,0,0.5", "0,0,3,-1.0", "0,1,0,2.0", "0,1,3,0.25",
                "2,0,0,1.0", "2,0,3,2.0", "2,1,0,3.0", "2,1,3,4.0"), Files.readAllLines(out.resolve("state-hid-h.csv")));
        assertEquals(7, Files.readAllLines(out.resolve("weights-0.csv")).size());
        assertEquals(List.of("step,index,value", "2,0,0.5", "2,1,-2.0"), Files.readAllLines(out.resolve("weights-0-extra-bias.csv")));
        assertEquals(List.of("step,population,example,name,value", "2,hid,,active,3.0", "2,hid,1,winner,3.0"),
                Files.readAllLines(out.resolve("metrics.csv")));
        assertEquals(List.of("step,phase,event,kind,learning", "0,train,begin,,"), Files.readAllLines(out.resolve("phases.csv")));
    }

    @Test
    void npyExportHasTheRightHeadersShapesAndValues() throws IOException {
        Path out = dir.resolve("npy");
        assertTrue(run("trace", "export", trace.toString(), "--out", out.toString()).startsWith("0\n"));
        Npy spikes = Npy.read(out.resolve("spikes.npy"));
        assertEquals("<i8", spikes.descr);
        assertArrayEquals(new long[] {4, 4}, spikes.shape);
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 1, 3, 1, 1, 1, 2}, spikes.values);
        Npy state = Npy.read(out.resolve("state-hid-h.npy"));
        assertEquals("<f4", state.descr);
        assertArrayEquals(new long[] {2, 2, 2}, state.shape);
        assertArrayEquals(new double[] {0.5, -1, 2, 0.25, 1, 2, 3, 4}, state.values);
        assertArrayEquals(new double[] {0, 2}, Npy.read(out.resolve("state-hid-h-steps.npy")).values);
        assertArrayEquals(new double[] {0, 3}, Npy.read(out.resolve("state-hid-h-units.npy")).values);
        Npy weights = Npy.read(out.resolve("weights-0.npy"));
        assertArrayEquals(new long[] {1, 2, 3}, weights.shape);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, weights.values);
        Npy bias = Npy.read(out.resolve("weights-0-extra-bias.npy"));
        assertArrayEquals(new long[] {1, 2}, bias.shape);
        assertArrayEquals(new double[] {0.5, -2}, bias.values);
        assertArrayEquals(new double[] {2}, Npy.read(out.resolve("weights-0-extra-bias-steps.npy")).values);
    }

    /** The real consumer: numpy itself (skipped where no Python has numpy, unless LAMINA_REQUIRE_PYTHON is set). */
    @Test
    void numpyLoadsTheExport() throws Exception {
        String python = PythonWithNumpy.require();
        Path out = dir.resolve("numpy");
        assertTrue(run("trace", "export", trace.toString(), "--out", out.toString()).startsWith("0\n"));
        String script = "import numpy as np, sys\n"
                + "d = sys.argv[1]\n"
                + "s = np.load(d + '/spikes.npy')\n"
                + "assert s.shape == (4, 4) and s.dtype == np.int64, s\n"
                + "assert s[:, 3].tolist() == [1, 7, 3, 2]\n"
                + "h = np.load(d + '/state-hid-h.npy')\n"
                + "assert h.shape == (2, 2, 2) and h.dtype == np.float32\n"
                + "assert h[1, 1, 1] == 4.0 and h[0, 0, 1] == -1.0\n"
                + "print('ok')\n";
        Process p = new ProcessBuilder(python, "-c", script, out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertEquals("ok", output.trim());
    }

    /** An independent minimal .npy reader for the test. */
    record Npy(String descr, long[] shape, double[] values) {
        static Npy read(Path p) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[6];
            b.get(magic);
            assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
            assertEquals(1, b.get());
            assertEquals(0, b.get());
            int len = b.getShort() & 0xffff;
            assertEquals(0, (10 + len) % 64, "header must be 64-byte aligned");
            byte[] text = new byte[len];
            b.get(text);
            String dict = new String(text, StandardCharsets.US_ASCII);
            assertTrue(dict.endsWith("\n") && dict.contains("'fortran_order': False"), dict);
            String descr = dict.replaceAll("(?s).*'descr': '([^']+)'.*", "$1");
            String[] dims = dict.replaceAll("(?s).*'shape': \\(([^)]*)\\).*", "$1").split(",");
            long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            long n = java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            double[] v = new double[(int) n];
            for (int i = 0; i < n; i++) {
                v[i] = descr.equals("<f4") ? b.getFloat() : b.getLong();
            }
            assertEquals(0, b.remaining(), "no trailing bytes");
            return new Npy(descr, shape, v);
        }
    }
}
