package org.lamina.scenarios.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The IDX reader on arbitrary bytes, plain or gzipped: an array exactly as long as its header
 * says, or an {@link IdxFormatException} (an IOException) naming the file; nothing else, and no
 * allocation beyond what the bytes hold (the fuzz JVM's heap is small). Regression inputs:
 * {@code IdxReaderFuzzTestInputs/} in the test resources; fuzz with JAZZER_FUZZ=1 (docs/testing.md).
 */
class IdxReaderFuzzTest {
    /** One file, rewritten for every input (a fresh temporary folder per input would dominate the time). */
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("idx-fuzz-", ".idx");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void anArrayOrAnIdxFormatException(byte[] data) throws IOException {
        Files.write(FILE, data);
        try {
            IdxReader.IdxArray a = IdxReader.read(FILE);
            long length = 1;
            for (int d : a.dims()) {
                assertTrue(d >= 0, "negative dimension");
                length *= d;
            }
            assertEquals(length, a.data().length);
        } catch (IdxFormatException e) {
            assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
        }
        try {
            assertEquals(3, IdxReader.read(FILE, 3).dims().length);
        } catch (IdxFormatException e) {
            assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
        }
    }
}
