package org.lamina.scenarios.traceio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.TraceRecord;
import org.lamina.scenarios.cli.Main;
import org.lamina.scenarios.run.RunFolder;
import org.lamina.sim.trace.TraceBytes;
import org.lamina.sim.trace.TraceReader;

/**
 * Checksums on a real trace (bars: header, spikes, state, weights, metrics, phases, footer): a
 * flipped bit anywhere is caught, and every reader stops right before the record it damaged.
 * Version 1 traces (the golden files) still read.
 */
@Timeout(300)
class TraceChecksumTest {

    @TempDir
    static Path dir;

    private static byte[] bytes;
    private static List<TraceRecord> records;
    /** Byte offset at which each record (with its checksum) ends. */
    private static List<Long> ends;

    @BeforeAll
    static void recordARealTrace() throws IOException {
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("run", "examples/bars.conf", "--set", "schedule=[{phase=present, steps=300}]",
                "--set", "batch=4", "--set", "recording.weights=[{source=image, target=kh, every=100}]",
                "--set", "backend=java", "--runs-dir", runs.toString()));
        Path trace;
        try (Stream<Path> s = Files.list(runs)) {
            trace = s.findFirst().orElseThrow().resolve(RunFolder.TRACE_FILE);
        }
        bytes = Files.readAllBytes(trace);
        records = new ArrayList<>();
        ends = new ArrayList<>();
        try (TraceReader r = TraceReader.open(trace)) {
            while (r.hasNext()) {
                records.add(r.next());
                ends.add(r.validBytes());
            }
            assertTrue(r.problem().isEmpty(), () -> r.problem().get());
            assertTrue(r.checksummed());
        }
        assertEquals(TraceReader.SCHEMA_VERSION, records.get(0).getHeader().getSchemaVersion());
        assertTrue(records.get(records.size() - 1).hasFooter());
        assertTrue(Stream.of("spikes", "state", "weights", "metric", "phase").allMatch(kind -> records.stream()
                .anyMatch(r -> r.hasFrame() && r.getFrame().getBodyCase().name().equalsIgnoreCase(kind))), "every kind");
    }

    /**
     * Every bit of the header (it decides the framing) and of the footer, and 3000 random bits of
     * the rest: each flip is detected, and the reader returns exactly the records before the one
     * it damaged.
     */
    @Test
    void everyFlippedBitIsDetectedAndReadingStopsRightBeforeTheDamagedRecord() throws IOException {
        List<Long> bits = new ArrayList<>();
        long headerBits = ends.get(0) * 8;
        long footerStart = ends.get(ends.size() - 2) * 8;
        for (long bit = 0; bit < headerBits; bit++) {
            bits.add(bit);
        }
        for (long bit = footerStart; bit < bytes.length * 8L; bit++) {
            bits.add(bit);
        }
        Random random = new Random(19);
        for (int i = 0; i < 3000; i++) {
            bits.add(headerBits + (long) (random.nextDouble() * (footerStart - headerBits)));
        }
        int detected = 0;
        for (long bit : bits) {
            int damaged = 0;
            while (ends.get(damaged) <= bit / 8) {
                damaged++;
            }
            List<TraceRecord> read = new ArrayList<>();
            String problem;
            try (TraceReader r = TraceReader.open(new ByteArrayInputStream(TraceBytes.flipBit(bytes, bit)), "flipped")) {
                while (r.hasNext()) {
                    read.add(r.next());
                }
                problem = r.problem().orElse(null);
            }
            long at = bit;
            int record = damaged;
            assertTrue(problem != null, () -> "bit " + at + " (record " + (record + 1) + ") went unnoticed");
            assertEquals(damaged, read.size(), () -> "records read with bit " + at + " flipped");
            assertEquals(records.subList(0, damaged), read, () -> "records before bit " + at);
            detected++;
        }
        assertEquals(bits.size(), detected);
    }

    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void summaryAndExportNameTheFirstCorruptRecordAndKeepWhatPrecedesIt() throws IOException {
        int damaged = records.size() / 2; // 0-based: record damaged + 1 in messages
        long bit = ends.get(damaged - 1) * 8 + 8 * 3 + 5;
        Path flipped = dir.resolve("flipped.lamina");
        Files.write(flipped, TraceBytes.flipBit(bytes, bit));
        String[] summary = run("trace", "summary", flipped.toString());
        assertEquals("0", summary[0], summary[2]);
        assertTrue(summary[1].contains("TRUNCATED: " + flipped + ": truncated or corrupt at byte " + ends.get(damaged - 1)
                + ": record " + (damaged + 1) + " is corrupt: its CRC32C is 0x"), summary[1]);
        assertTrue(summary[1].contains("; " + damaged + " complete record(s) read"), summary[1]);
        assertTrue(summary[1].contains("footer: missing"), summary[1]);

        String[] export = run("trace", "export", flipped.toString(), "--format", "csv", "--out", dir.resolve("x").toString());
        assertEquals("0", export[0], export[2]);
        assertTrue(export[2].contains("record " + (damaged + 1) + " is corrupt: its CRC32C"), export[2]);
        assertTrue(export[2].contains("exported what precedes it"), export[2]);
    }

    /** lif-demo's golden trace is schema version 1, without checksums: summary and export still read them. */
    @Test
    void aVersion1GoldenTraceIsSummarisedAndExportedCleanly() throws IOException {
        Path golden = Path.of("src/test/resources/golden/lif-demo.lamina");
        try (TraceReader r = TraceReader.open(golden)) {
            assertEquals(1, r.next().getHeader().getSchemaVersion());
            assertFalse(r.checksummed());
        }
        String[] summary = run("trace", "summary", golden.toString());
        assertEquals("0", summary[0], summary[2]);
        assertTrue(summary[1].contains("schema 1, "), summary[1]);
        assertTrue(summary[1].contains("footer: COMPLETED"), summary[1]);
        assertFalse(summary[1].contains("TRUNCATED"), summary[1]);
        String[] export = run("trace", "export", golden.toString(), "--out", dir.resolve("golden").toString());
        assertEquals("0", export[0], export[2]);
        assertEquals("", export[2]);
        assertTrue(Files.size(dir.resolve("golden/spikes.npy")) > 128);
    }
}
