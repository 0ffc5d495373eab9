package org.lamina.scenarios.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files (LeCun's MNIST format: {@code 00 00 08 n}, n big-endian 32-bit
 * dimensions, then the bytes), plain or gzipped (recognised by content, not by name). Checks the
 * magic, the dimension count, and that the data is exactly as long as the dimensions say.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int CHUNK = 1 << 20;

    private IdxReader() {
    }

    /** The dimensions and the raw unsigned bytes of an IDX file. */
    public record IdxArray(int[] dims, byte[] data) {
        public int dim(int i) {
            return dims[i];
        }

        /** Byte {@code i} as 0..255. */
        public int unsigned(int i) {
            return data[i] & 0xff;
        }
    }

    /** Reads {@code file} and checks that it has {@code expectedDims} dimensions (3 for images, 1 for labels). */
    public static IdxArray read(Path file, int expectedDims) throws IOException {
        IdxArray array = read(file);
        if (array.dims().length != expectedDims) {
            throw new IdxFormatException(file, "has " + array.dims().length + " dimension(s) " + shape(array.dims())
                    + ", expected " + expectedDims + (expectedDims == 3 ? " (images: count, rows, columns)"
                    : expectedDims == 1 ? " (labels: count)" : ""));
        }
        return array;
    }

    /** Reads {@code file} whatever its number of dimensions. */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzipped = ((raw.read() << 8) | raw.read()) == GZIP_MAGIC;
            raw.reset();
            String kind = gzipped ? "the gzip stream" : "the file";
            try {
                // GZIPInputStream reads the gzip header as it is made: its faults are the file's too.
                InputStream in = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
                return read(file, in, kind, gzipped ? -1 : Files.size(file));
            } catch (EOFException e) {
                throw new IdxFormatException(file, "truncated: " + kind + " ends early (" + e.getMessage() + ")", e);
            } catch (ZipException e) {
                throw new IdxFormatException(file, "corrupt gzip data: " + e.getMessage(), e);
            }
        }
    }

    private static IdxArray read(Path file, InputStream in, String kind, long plainSize) throws IOException {
        byte[] magic = in.readNBytes(4);
        byte[] expected = {0, 0, UNSIGNED_BYTE};
        for (int i = 0; i < Math.min(3, magic.length); i++) {
            if (magic[i] != expected[i]) {
                throw new IdxFormatException(file, "not an unsigned-byte IDX file: it starts "
                        + HexFormat.ofDelimiter(" ").formatHex(magic) + ", expected 00 00 08 and a dimension count"
                        + (i == 2 ? " (element type 0x" + HexFormat.of().toHexDigits(magic[2]) + " is not supported)" : ""));
            }
        }
        if (magic.length < 4) {
            throw new IdxFormatException(file, "truncated in the header: " + kind + " has " + magic.length
                    + " byte(s), the magic number alone needs 4");
        }
        int rank = magic[3] & 0xff;
        if (rank == 0) {
            throw new IdxFormatException(file, "corrupt header: zero dimensions");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IdxFormatException(file, "truncated in the header: " + rank + " dimension(s) need "
                    + (4 + 4 * rank) + " header bytes, " + kind + " has " + (4 + dimBytes.length));
        }
        int[] dims = new int[rank];
        long length = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = ((dimBytes[4 * d] & 0xff) << 24) | ((dimBytes[4 * d + 1] & 0xff) << 16)
                    | ((dimBytes[4 * d + 2] & 0xff) << 8) | (dimBytes[4 * d + 3] & 0xff);
            if (dims[d] < 0) {
                throw new IdxFormatException(file, "corrupt header: dimension " + d + " is " + Integer.toUnsignedLong(dims[d]));
            }
            length *= dims[d];
            if (length > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(file, "corrupt header: " + shape(Arrays.copyOf(dims, d + 1))
                        + " is more than a Java array holds");
            }
        }
        long headerBytes = 4 + 4L * rank;
        // A plain file's size says whether the data is all there before anything large is allocated.
        if (plainSize >= 0 && plainSize != headerBytes + length) {
            throw new IdxFormatException(file, (plainSize < headerBytes + length ? "truncated" : "corrupt")
                    + ": the header promises " + shape(dims) + " = " + length + " data bytes, the file has "
                    + (plainSize - headerBytes) + (plainSize < headerBytes + length ? "" : " (trailing bytes)"));
        }
        byte[] data = readFully(in, (int) length);
        if (data.length < length) {
            throw new IdxFormatException(file, "truncated: the header promises " + shape(dims) + " = " + length
                    + " data bytes, " + kind + " has " + data.length);
        }
        if (in.read() >= 0) {
            throw new IdxFormatException(file, "corrupt: " + kind + " has bytes after the " + length
                    + " data bytes the header promises " + shape(dims));
        }
        return new IdxArray(dims, data);
    }

    /** Up to {@code length} bytes, growing in chunks so a lying header cannot make us allocate gigabytes up front. */
    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] data = new byte[Math.min(length, CHUNK)];
        int n = 0;
        while (n < length) {
            if (n == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
            }
            int r = in.read(data, n, data.length - n);
            if (r < 0) {
                return Arrays.copyOf(data, n);
            }
            n += r;
        }
        return data;
    }

    private static String shape(int[] dims) {
        StringJoiner s = new StringJoiner(" x ", "[", "]");
        Arrays.stream(dims).forEach(d -> s.add(Integer.toString(d)));
        return s.toString();
    }
}
