package org.lamina.scenarios.traceio;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streams a NumPy {@code .npy} file (format 1.0, little-endian, C order) whose first dimension
 * is not known in advance: the header is written with room to spare and patched with the final
 * row count on close. Rows are appended one value at a time.
 */
public final class NpyWriter implements Closeable {
    /** Element types Lamina exports. */
    public enum Dtype {
        FLOAT32("<f4", 4), INT64("<i8", 8);

        final String descr;
        final int bytes;

        Dtype(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** Header length incl. magic; a multiple of 64 with room for any row count. */
    private static final int HEADER_BYTES = 128;

    private final Path path;
    private final Dtype dtype;
    private final int[] rowShape;
    private final int rowSize;
    private final OutputStream out;
    private final ByteBuffer buffer;
    private long values;

    public NpyWriter(Path path, Dtype dtype, int... rowShape) throws IOException {
        this.path = path;
        this.dtype = dtype;
        this.rowShape = rowShape.clone();
        long size = 1;
        for (int d : rowShape) {
            // The row count is recovered from the value count, which needs non-empty rows.
            if (d < 1) {
                throw new IllegalArgumentException(path + ": rows of shape " + Arrays.toString(rowShape) + " are empty");
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(path + ": rows of shape " + Arrays.toString(rowShape)
                        + " hold more than " + Integer.MAX_VALUE + " values");
            }
        }
        this.rowSize = (int) size;
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        this.buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        out.write(header(0));
    }

    public void add(float v) throws IOException {
        if (dtype != Dtype.FLOAT32) {
            throw new IllegalStateException(path + " holds " + dtype);
        }
        buffer.clear();
        buffer.putFloat(v);
        out.write(buffer.array(), 0, 4);
        values++;
    }

    public void add(long v) throws IOException {
        if (dtype != Dtype.INT64) {
            throw new IllegalStateException(path + " holds " + dtype);
        }
        buffer.clear();
        buffer.putLong(v);
        out.write(buffer.array(), 0, 8);
        values++;
    }

    /** Rows written so far (values ÷ row size). */
    public long rows() {
        return values / rowSize;
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (values % rowSize != 0) {
            throw new IOException(path + ": " + values + " values do not fill whole rows of " + rowSize);
        }
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.write(header(values / rowSize));
        }
    }

    private byte[] header(long rows) {
        StringBuilder shape = new StringBuilder("(").append(rows);
        for (int d : rowShape) {
            shape.append(", ").append(d);
        }
        if (rowShape.length == 0) {
            shape.append(',');
        }
        shape.append(')');
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int textBytes = HEADER_BYTES - MAGIC.length - 2;
        if (dict.length() + 1 > textBytes) {
            throw new IllegalArgumentException("shape too long for the .npy header: " + shape);
        }
        String padded = dict + " ".repeat(textBytes - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) textBytes).put(padded.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
