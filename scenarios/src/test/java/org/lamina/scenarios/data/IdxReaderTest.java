package org.lamina.scenarios.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lamina.scenarios.data.IdxTestFiles.counting;
import static org.lamina.scenarios.data.IdxTestFiles.gzip;
import static org.lamina.scenarios.data.IdxTestFiles.idx;
import static org.lamina.scenarios.data.IdxTestFiles.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The IDX reader on small files written here: good ones, and every way a file can be cut or wrong. */
class IdxReaderTest {
    private static final int[] IMAGES = {3, 4, 5};
    private static final byte[] PIXELS = counting(60, 256);
    private static final byte[] GOOD = idx(IMAGES, PIXELS);

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes, boolean gzipped) throws IOException {
        return write(dir.resolve(gzipped ? name + ".gz" : name), gzipped ? gzip(bytes) : bytes);
    }

    private String fault(Path file, int expectedDims) {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file, expectedDims));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void readsDimensionsAndBytes(boolean gzipped) throws IOException {
        IdxReader.IdxArray a = IdxReader.read(file("images", GOOD, gzipped), 3);
        assertArrayEquals(IMAGES, a.dims());
        assertArrayEquals(PIXELS, a.data());

        byte[] high = {(byte) 255, (byte) 128, 0, 9};
        IdxReader.IdxArray labels = IdxReader.read(file("labels", idx(new int[] {4}, high), gzipped), 1);
        assertEquals(255, labels.unsigned(0));
        assertEquals(128, labels.unsigned(1));
        assertEquals(9, labels.unsigned(3));
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        assertArrayEquals(PIXELS, IdxReader.read(write(dir.resolve("zipped-without-suffix"), gzip(GOOD)), 3).data());
        assertArrayEquals(PIXELS, IdxReader.read(write(dir.resolve("plain.gz"), GOOD), 3).data());
    }

    @Test
    void readsALargeFileInChunks() throws IOException {
        byte[] data = counting(3 << 20, 251);
        assertArrayEquals(data, IdxReader.read(file("large", idx(new int[] {3, 1024, 1024}, data), true), 3).data());
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void cutInTheMagicNumber(boolean gzipped) throws IOException {
        assertTrue(fault(file("empty", new byte[0], gzipped), 3).contains("truncated in the header"));
        String m = fault(file("cut2", Arrays.copyOf(GOOD, 3), gzipped), 3);
        assertTrue(m.contains("truncated in the header") && m.contains("has 3 byte(s)"), m);
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void cutInTheDimensions(boolean gzipped) throws IOException {
        String m = fault(file("cut", Arrays.copyOf(GOOD, 10), gzipped), 3);
        assertTrue(m.contains("truncated in the header: 3 dimension(s) need 16 header bytes") && m.contains("has 10"), m);
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void cutInTheData(boolean gzipped) throws IOException {
        String m = fault(file("cut", Arrays.copyOf(GOOD, 16 + 25), gzipped), 3);
        assertTrue(m.contains("truncated: the header promises [3 x 4 x 5] = 60 data bytes") && m.endsWith("has 25"), m);
    }

    @Test
    void cutGzipStream() throws IOException {
        byte[] zipped = gzip(idx(new int[] {50, 20, 20}, counting(20_000, 7)));
        Path cut = write(dir.resolve("cut.gz"), Arrays.copyOf(zipped, zipped.length / 2));
        String m = fault(cut, 3);
        assertTrue(m.contains("truncated: the gzip stream ends early"), m);
    }

    @Test
    void corruptGzipStream() throws IOException {
        byte[] zipped = gzip(GOOD);
        zipped[zipped.length - 6] ^= 0x55; // inside the CRC-32 trailer
        String m = fault(write(dir.resolve("crc.gz"), zipped), 3);
        assertTrue(m.contains("corrupt gzip data"), m);
    }

    /** Found by IdxReaderFuzzTest: GZIPInputStream reads the header when it is made, outside the old try. */
    @Test
    void corruptGzipHeader() throws IOException {
        byte[] zipped = gzip(GOOD);
        zipped[2] = 0; // compression method: 8 (deflate) is the only one
        assertTrue(fault(write(dir.resolve("method.gz"), zipped), 3).contains("corrupt gzip data: Unsupported compression method"));
        byte[] cut = Arrays.copyOf(zipped, 5); // the magic, then the header ends
        cut[2] = 8;
        assertTrue(fault(write(dir.resolve("header.gz"), cut), 3).contains("truncated: the gzip stream ends early"));
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void trailingBytes(boolean gzipped) throws IOException {
        String m = fault(file("long", Arrays.copyOf(GOOD, GOOD.length + 3), gzipped), 3);
        assertTrue(m.contains(gzipped ? "corrupt: the gzip stream has bytes after the 60 data bytes"
                : "corrupt: the header promises [3 x 4 x 5] = 60 data bytes, the file has 63 (trailing bytes)"), m);
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void wrongMagic(boolean gzipped) throws IOException {
        byte[] html = "<html><body>Not Found</body></html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String m = fault(file("html", html, gzipped), 3);
        assertTrue(m.contains("not an unsigned-byte IDX file: it starts 3c 68 74 6d"), m);

        byte[] floats = GOOD.clone();
        floats[2] = 0x0D;
        m = fault(file("floats", floats, gzipped), 3);
        assertTrue(m.contains("element type 0x0d is not supported"), m);
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void wrongDimensionCount(boolean gzipped) throws IOException {
        Path labels = file("labels", idx(new int[] {60}, PIXELS), gzipped);
        String m = fault(labels, 3);
        assertTrue(m.contains("has 1 dimension(s) [60], expected 3 (images: count, rows, columns)"), m);
        m = fault(file("images", GOOD, gzipped), 1);
        assertTrue(m.contains("has 3 dimension(s) [3 x 4 x 5], expected 1 (labels: count)"), m);
        byte[] noDims = {0, 0, 8, 0};
        assertTrue(fault(file("rank0", noDims, gzipped), 1).contains("zero dimensions"));
    }

    @Test
    void headerClaimingMoreThanAnArrayHolds() throws IOException {
        byte[] huge = idx(new int[] {60000, 60000, 28}, new byte[0]);
        assertTrue(fault(write(dir.resolve("huge.gz"), gzip(huge)), 3).contains("more than a Java array holds"));
        byte[] negative = idx(new int[] {-1, 2, 2}, new byte[0]);
        assertTrue(fault(write(dir.resolve("neg"), negative), 3).contains("dimension 0 is 4294967295"));
    }
}
