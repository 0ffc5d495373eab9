package org.lamina.scenarios.traceio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming writer on its own, read back with the test's independent reader. */
class NpyWriterTest {

    @TempDir
    Path dir;

    @Test
    void aVectorGetsAOneElementShapeTuple() throws IOException {
        Path p = dir.resolve("v.npy");
        try (NpyWriter w = new NpyWriter(p, NpyWriter.Dtype.INT64)) {
            for (long v : new long[] {-1, 0, Long.MAX_VALUE}) {
                w.add(v);
            }
        }
        TraceExportTest.Npy npy = TraceExportTest.Npy.read(p);
        assertArrayEquals(new long[] {3}, npy.shape());
        assertArrayEquals(new double[] {-1, 0, Long.MAX_VALUE}, npy.values());
    }

    @Test
    void theHeaderKeepsItsLengthAsRowsArePatchedIn() throws IOException {
        Path p = dir.resolve("m.npy");
        try (NpyWriter w = new NpyWriter(p, NpyWriter.Dtype.FLOAT32, 2, 3)) {
            for (int i = 0; i < 5 * 6; i++) {
                w.add(i * 0.5f);
            }
            assertEquals(5, w.rows());
        }
        TraceExportTest.Npy npy = TraceExportTest.Npy.read(p);
        assertEquals("<f4", npy.descr());
        assertArrayEquals(new long[] {5, 2, 3}, npy.shape());
        assertEquals(29 * 0.5, npy.values()[29]);
        assertEquals(128 + 5 * 6 * 4, Files.size(p));
    }

    @Test
    void partialRowsAndEmptyRowsAreRefused() throws IOException {
        NpyWriter w = new NpyWriter(dir.resolve("p.npy"), NpyWriter.Dtype.INT64, 2);
        w.add(1L);
        assertThrows(IOException.class, w::close);
        assertThrows(IllegalArgumentException.class, () -> new NpyWriter(dir.resolve("e.npy"), NpyWriter.Dtype.INT64, 0));
        // Negative dimensions whose product is positive, and products beyond an int.
        assertThrows(IllegalArgumentException.class, () -> new NpyWriter(dir.resolve("n.npy"), NpyWriter.Dtype.FLOAT32, -1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new NpyWriter(dir.resolve("o.npy"), NpyWriter.Dtype.FLOAT32, 65536, 65536));
        assertThrows(IllegalStateException.class, () -> {
            try (NpyWriter f = new NpyWriter(dir.resolve("f.npy"), NpyWriter.Dtype.FLOAT32)) {
                f.add(1L);
            }
        });
    }
}
