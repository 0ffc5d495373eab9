package org.lamina.sim.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.Metric;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.ProjectionInfo;
import org.lamina.proto.TraceRecord;

class TraceReaderTest {

    @TempDir
    Path dir;

    private Path full;
    /** The records of {@link #full}, in order. */
    private final List<TraceRecord> written = new ArrayList<>();
    /** Byte offset at which each record ends. */
    private final List<Long> ends = new ArrayList<>();

    @BeforeEach
    void writeTrace() throws IOException {
        // Nested messages whose first field is 1 (population ids): a damaged length can shift them into the header.
        Header.Builder header = Header.newBuilder().setSchemaVersion(TraceReader.SCHEMA_VERSION).setSeed(9)
                .setScenario("x".repeat(300));
        for (int id = 0; id < 3; id++) {
            header.addPopulations(PopulationInfo.newBuilder().setId(id).setName("p" + id).setSize(1 + id).setBatch(1))
                    .addProjections(ProjectionInfo.newBuilder().setId(id).setSource(id).setTarget(1).setDelaySteps(1));
        }
        written.add(TraceRecord.newBuilder().setHeader(header).build());
        for (int i = 0; i < 20; i++) {
            written.add(TraceRecord.newBuilder().setFrame(Frame.newBuilder().setStep(i)
                    .setMetric(Metric.newBuilder().setName("m" + i).setValue(i * 0.5))).build());
        }
        written.add(TraceRecord.newBuilder().setFooter(Footer.newBuilder().setStatus(Footer.Status.COMPLETED)
                .setStepsCompleted(20)).build());
        full = dir.resolve("full.trace");
        try (TraceFileWriter w = TraceFileWriter.create(full)) {
            for (TraceRecord r : written) {
                w.write(r);
                ends.add(w.bytesWritten());
            }
        }
        assertEquals(ends.get(ends.size() - 1), Files.size(full));
    }

    /** Every record a reader returns, then its problem (or null). */
    private record Read(List<TraceRecord> records, String problem, long validBytes) {
        static Read of(TraceReader r) throws IOException {
            try (r) {
                List<TraceRecord> records = new ArrayList<>();
                while (r.hasNext()) {
                    records.add(r.next());
                }
                return new Read(records, r.problem().orElse(null), r.validBytes());
            }
        }

        static Read of(byte[] bytes) throws IOException {
            return of(TraceReader.open(new ByteArrayInputStream(bytes), "bytes"));
        }
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
            Files.write(p, Arrays.copyOf(bytes, cut));
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
    void aNewerSchemaIsRefusedAndTheHeadersChecksumTellsItFromADamagedOne() throws IOException {
        Path future = dir.resolve("future.trace");
        Files.write(future, TraceBytes.v2(TraceBytes.header(TraceReader.SCHEMA_VERSION + 1, 1)));
        IOException e = assertThrows(IOException.class, () -> TraceReader.readAll(future));
        assertTrue(e.getMessage().endsWith("trace schema version 3 is newer than this reader's 2; 0 complete record(s) read"),
                e.getMessage());

        // Without a matching checksum the header may as well be damaged: the message says both.
        Files.write(future, TraceBytes.v1(TraceBytes.header(TraceReader.SCHEMA_VERSION + 1, 1)));
        e = assertThrows(IOException.class, () -> TraceReader.readAll(future));
        assertTrue(e.getMessage().contains("newer than this reader's 2 (or the header is corrupt"), e.getMessage());

        // uint32 versions beyond Integer.MAX_VALUE are newer too, not negative.
        Files.write(future, TraceBytes.v2(TraceBytes.header(-1, 1)));
        e = assertThrows(IOException.class, () -> TraceReader.readAll(future));
        assertTrue(e.getMessage().contains("schema version 4294967295 is newer"), e.getMessage());
    }

    @Test
    void aHeaderWithoutASchemaVersionIsRefused() throws IOException {
        for (byte[] bytes : List.of(TraceBytes.v1(TraceBytes.header(0, 3)), TraceBytes.v2(TraceBytes.header(0, 3)))) {
            Read r = Read.of(bytes);
            assertEquals(0, r.records().size());
            assertTrue(r.problem().contains("the header has no schema version"), r.problem());
        }
    }

    @Test
    void aVersion1TraceWithoutChecksumsStillReads() throws IOException {
        TraceRecord[] v1 = written.toArray(TraceRecord[]::new);
        v1[0] = TraceBytes.header(1, 9);
        byte[] bytes = TraceBytes.v1(v1);
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(bytes), "v1")) {
            assertTrue(r.hasNext());
            assertFalse(r.checksummed());
        }
        Read read = Read.of(bytes);
        assertEquals(List.of(v1), read.records());
        assertEquals(null, read.problem());
        assertEquals(bytes.length, read.validBytes());

        // Cut inside its last record, it reads up to there, as before.
        Read cut = Read.of(Arrays.copyOf(bytes, bytes.length - 1));
        assertEquals(v1.length - 1, cut.records().size());
        assertTrue(cut.problem().contains("file ends inside record " + v1.length), cut.problem());
    }

    /**
     * A header without its checksum is taken for version 1 only if encoded as protobuf encodes it:
     * a damaged version 2 header can parse as version 1 when a flipped length shifts a nested
     * message's first field (a population's {@code id = 1}) up into {@code schema_version}.
     */
    @Test
    void aVersion1HeaderNotEncodedAsProtobufEncodesItIsRefused() throws IOException {
        Header v2 = written.get(0).getHeader();
        // Version 2's fields, then version = 1 again (last one wins): parses as a version 1 header.
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        v2.writeTo(header);
        Header.newBuilder().setSchemaVersion(1).build().writeTo(header);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(record);
        c.writeByteArray(1, header.toByteArray());
        c.flush();
        assertEquals(1, TraceRecord.parseFrom(record.toByteArray()).getHeader().getSchemaVersion());
        Read r = Read.of(TraceBytes.v1Raw(record.toByteArray()));
        assertEquals(List.of(), r.records());
        assertTrue(r.problem().contains("record 1 is corrupt: it says schema version 1 but is not encoded as a header is"),
                r.problem());
    }

    @Test
    void theWriterFramesRecordsWithTheirChecksum() throws IOException {
        assertArrayEquals(TraceBytes.v2(written.toArray(TraceRecord[]::new)), Files.readAllBytes(full));
        try (TraceReader r = TraceReader.open(full)) {
            assertTrue(r.hasNext());
            assertTrue(r.checksummed());
        }
    }

    @Test
    void theWriterRefusesAFirstRecordThatIsNotAHeaderOfItsVersion() throws IOException {
        for (TraceRecord first : List.of(TraceBytes.header(1, 0), TraceBytes.header(0, 0), written.get(1))) {
            Path p = dir.resolve("refused-" + first.hashCode() + ".trace");
            try (TraceFileWriter w = TraceFileWriter.create(p)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(first));
                assertTrue(e.getMessage().contains("the first record must be a header of schema version 2"), e.getMessage());
            }
        }
    }

    /**
     * Every single-bit flip anywhere in the file is caught, and reading stops exactly before the
     * record it damaged, returning the records before it unchanged.
     */
    @Test
    void everySingleBitFlipIsDetectedAtTheRecordItDamaged() throws IOException {
        byte[] bytes = Files.readAllBytes(full);
        for (long bit = 0; bit < bytes.length * 8L; bit++) {
            int damaged = 0;
            while (ends.get(damaged) <= bit / 8) {
                damaged++;
            }
            Read r = Read.of(TraceBytes.flipBit(bytes, bit));
            long at = bit;
            assertEquals(written.subList(0, damaged), r.records(), () -> "bit " + at);
            assertTrue(r.problem() != null, () -> "bit " + at + " went unnoticed");
        }
    }

    @Test
    void aHugeLengthPrefixIsRefusedWithoutReadingOrAllocatingIt() throws IOException {
        byte[] header = Files.readAllBytes(full);
        header = Arrays.copyOf(header, (int) (long) ends.get(0));
        // 0x3fffffff: just under the 1 GiB limit.
        byte[] bytes = Arrays.copyOf(header, header.length + 5);
        System.arraycopy(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x03}, 0, bytes, header.length, 5);
        Path p = dir.resolve("huge.trace");
        Files.write(p, bytes);
        for (Read r : List.of(Read.of(TraceReader.open(p)), Read.of(bytes))) {
            assertEquals(1, r.records().size());
            assertTrue(r.problem().contains("file ends inside record 2 (0 of 1073741823 bytes present)"), r.problem());
        }
        bytes[bytes.length - 1] = 0x04;
        Read over = Read.of(bytes);
        assertTrue(over.problem().contains("record 2 claims 1342177279 bytes: not a Lamina trace or corrupt"), over.problem());
    }
}
