package org.lamina.sim.trace;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32C;
import org.lamina.proto.Header;
import org.lamina.proto.TraceRecord;

/**
 * Trace bytes framed by hand, independently of {@link TraceFileWriter}: version 1 (length and
 * message, as Lamina wrote before checksums; kept to show old traces still read) and version 2
 * (each record followed by its CRC32C), with whatever header a test wants, even an invalid one.
 */
public final class TraceBytes {
    private TraceBytes() {
    }

    /** Records framed as schema version 1 frames them: {@code writeDelimitedTo}, nothing else. */
    public static byte[] v1(TraceRecord... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (TraceRecord r : records) {
                r.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Raw message bytes (possibly not as protobuf would encode any message) framed as version 1 frames a record. */
    public static byte[] v1Raw(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeUInt32NoTag(message.length);
            c.writeRawBytes(message);
            c.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Records framed as schema version 2 frames them: each followed by the CRC32C of its framing. */
    public static byte[] v2(TraceRecord... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TraceRecord r : records) {
            byte[] framed = v1(r);
            CRC32C crc = new CRC32C();
            crc.update(framed);
            long sum = crc.getValue();
            out.writeBytes(framed);
            for (int i = 0; i < 4; i++) {
                out.write((int) (sum >>> (8 * i)) & 0xff);
            }
        }
        return out.toByteArray();
    }

    /** A header record saying {@code schemaVersion}, with a seed to tell headers apart. */
    public static TraceRecord header(int schemaVersion, long seed) {
        return TraceRecord.newBuilder().setHeader(Header.newBuilder().setSchemaVersion(schemaVersion).setSeed(seed)).build();
    }

    /** A copy of {@code data} with bit {@code bit} (counted from bit 0 of byte 0) inverted. */
    public static byte[] flipBit(byte[] data, long bit) {
        byte[] copy = data.clone();
        copy[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
