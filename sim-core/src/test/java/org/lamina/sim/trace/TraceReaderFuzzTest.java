package org.lamina.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.lamina.proto.TraceRecord;

/**
 * TraceReader on arbitrary bytes: it must return the records it can and a problem, never throw
 * (a byte array cannot fail with an I/O error), never hang, never allocate more than the bytes
 * given (the fuzz JVM's heap is small). Regression inputs: {@code TraceReaderFuzzTestInputs/}
 * in the test resources (seeds and past findings); fuzz with JAZZER_FUZZ=1 (docs/testing.md).
 */
class TraceReaderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void anyBytesGiveRecordsAndAProblemNeverAnException(byte[] data) throws IOException {
        long records = 0;
        long frames = 0;
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(data), "fuzz")) {
            while (r.hasNext()) {
                TraceRecord record = r.next();
                records++;
                frames += record.hasFrame() ? 1 : 0;
                assertTrue(r.validBytes() <= data.length, "read beyond the input");
            }
            assertEquals(records, r.recordsRead());
            // A clean end means every byte belongs to a record; anything else is named.
            assertTrue(r.problem().isPresent() || r.validBytes() == data.length,
                    () -> "stopped at byte " + r.validBytes() + " of " + data.length + " without a problem");
            assertTrue(r.problem().isEmpty() || r.problem().get().startsWith("fuzz: truncated or corrupt at byte "),
                    () -> r.problem().get());
        }
        // readAll agrees, and throws (IOException) only when not even a header was read.
        try {
            TraceReader.Contents c = TraceReader.readAll(new ByteArrayInputStream(data), "fuzz");
            assertTrue(records >= 1);
            assertEquals(frames, c.frames().size());
        } catch (IOException e) {
            assertEquals(0, records, e.getMessage());
        }
    }
}
