package org.lamina.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.Metric;
import org.lamina.proto.TraceRecord;

class TraceReaderTest {

    @TempDir
    Path dir;

    private Path full;
    /** Byte offset at which each record ends. */
    private final List<Long> ends = new ArrayList<>();

    @BeforeEach
    void writeTrace() throws IOException {
        full = dir.resolve("full.trace");
        try (TraceFileWriter w = TraceFileWriter.create(full)) {
            w.write(TraceRecord.newBuilder().setHeader(Header.newBuilder().setSchemaVersion(1).setSeed(9)
                    .setScenario("x".repeat(300))).build());
            ends.add(w.bytesWritten());
            for (int i = 0; i < 20; i++) {
                w.write(TraceRecord.newBuilder().setFrame(Frame.newBuilder().setStep(i)
                        .setMetric(Metric.newBuilder().setName("m" + i).setValue(i * 0.5))).build());
                ends.add(w.bytesWritten());
            }
            w.write(TraceRecord.newBuilder().setFooter(Footer.newBuilder().setStatus(Footer.Status.COMPLETED)
                    .setStepsCompleted(20)).build());
            ends.add(w.bytesWritten());
        }
        assertEquals(ends.get(ends.size() - 1), Files.size(full));
    }

    @Test
    void aCompleteTraceReadsCleanly() throws IOException {
        TraceReader.Contents c = TraceReader.readAll(full);
        assertTrue(c.complete());
        assertEquals(20, c.frames().size());
        assertEquals(9, c.header().getSeed());
        assertEquals(7.5, c.frames().get(15).getMetric().getValue());
    }

    @Test
    void everyTruncationKeepsAllCompleteRecordsAndSaysWhere() throws IOException {
        byte[] bytes = Files.readAllBytes(full);
        for (int cut = (int) (long) ends.get(0); cut < bytes.length; cut++) {
            Path p = dir.resolve("cut.trace");
            Files.write(p, java.util.Arrays.copyOf(bytes, cut));
            int complete = 0;
            while (complete < ends.size() && ends.get(complete) <= cut) {
                complete++;
            }
            try (TraceReader r = TraceReader.open(p)) {
                int n = 0;
                while (r.hasNext()) {
                    r.next();
                    n++;
                }
                assertEquals(complete, n, "records readable when cut at byte " + cut);
                assertEquals(ends.get(complete - 1), r.validBytes());
                boolean atBoundary = ends.contains((long) cut);
                assertEquals(!atBoundary, r.problem().isPresent(), "cut at " + cut);
                if (!atBoundary) {
                    assertTrue(r.problem().get().contains("truncated or corrupt at byte " + ends.get(complete - 1)),
                            r.problem().get());
                }
            }
            TraceReader.Contents c = TraceReader.readAll(p);
            assertTrue(c.footer().isEmpty());
            assertEquals(complete - 1, c.frames().size());
        }
    }

    @Test
    void aFileThatIsNotATraceIsRefusedClearly() throws IOException {
        Path junk = dir.resolve("junk.trace");
        Files.writeString(junk, "hello, this is not a protobuf stream at all");
        IOException e = assertThrows(IOException.class, () -> TraceReader.readAll(junk));
        assertTrue(e.getMessage().contains("junk.trace"), e.getMessage());

        Path empty = dir.resolve("empty.trace");
        Files.write(empty, new byte[0]);
        IOException e2 = assertThrows(IOException.class, () -> TraceReader.readAll(empty));
        assertTrue(e2.getMessage().contains("empty"), e2.getMessage());
    }

    @Test
    void aNewerSchemaIsRefused() throws IOException {
        Path future = dir.resolve("future.trace");
        try (TraceFileWriter w = TraceFileWriter.create(future)) {
            w.write(TraceRecord.newBuilder().setHeader(Header.newBuilder()
                    .setSchemaVersion(TraceReader.SCHEMA_VERSION + 1)).build());
        }
        IOException e = assertThrows(IOException.class, () -> TraceReader.readAll(future));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }
}
