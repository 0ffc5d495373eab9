package org.lamina.sim.trace;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.TraceRecord;

/**
 * Reads a trace record by record with bounded memory. A file cut short or corrupt yields every
 * record before the first bad one and then reports where and why it stopped ({@link #problem()}),
 * instead of failing.
 *
 * <p>Schema version 1 frames each record as a varint length and the message; from version 2 on,
 * each record (the header included) is followed by the CRC32C of its length prefix and message,
 * 4 bytes little-endian, checked before the message is parsed (docs/traces.md). Whether the
 * header is followed by its checksum says which framing the file uses. A record whose checksum does not match
 * ends the reading like a cut: the records before it are returned, {@link #problem()} names it.
 *
 * <p>Only I/O errors of the underlying stream throw ({@link IOException}); whatever the bytes,
 * malformed input becomes a {@link #problem()}. Memory stays bounded by the largest record present:
 * a length prefix claiming more bytes than a file holds is refused without reading it.
 */
public final class TraceReader implements Closeable {
    /** Highest trace schema version this reader understands. */
    public static final int SCHEMA_VERSION = 2;
    /** The first schema version whose records carry a CRC32C. */
    public static final int FIRST_CHECKSUMMED_VERSION = 2;
    /** Bytes of the CRC32C after each record of a checksummed trace. */
    public static final int CHECKSUM_BYTES = 4;
    private static final int MAX_RECORD_BYTES = 1 << 30;

    private final String source;
    private final InputStream in;
    /** Bytes of the input, or -1 when unknown (a stream). */
    private final long size;
    private final byte[] prefix = new byte[5];
    private final CRC32C crc = new CRC32C();
    private long offset;
    private long records;
    /** Whether records carry checksums: known once the header is read. */
    private boolean checksummed;
    private TraceRecord next;
    private String problem;
    /** Why the last {@link #parse} failed. */
    private String parseError;
    private boolean done;

    private TraceReader(String source, InputStream in, long size) {
        this.source = source;
        this.in = in;
        this.size = size;
    }

    public static TraceReader open(Path path) throws IOException {
        long size = Files.size(path);
        return new TraceReader(path.toString(), new BufferedInputStream(Files.newInputStream(path), 1 << 16), size);
    }

    /**
     * Reads a trace from a stream (closed with the reader); {@code source} names it in problems.
     * Of unknown length, so a huge length prefix is only found out once the stream ends early
     * (it is read in chunks, never allocated whole up front).
     */
    public static TraceReader open(InputStream in, String source) {
        return new TraceReader(source, in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16), -1);
    }

    /** Whether another complete, intact record follows. */
    public boolean hasNext() throws IOException {
        if (next == null && !done) {
            next = readRecord();
            if (next == null) {
                done = true;
            }
        }
        return next != null;
    }

    public TraceRecord next() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException("no more complete records in " + source);
        }
        TraceRecord r = next;
        next = null;
        return r;
    }

    /** Why reading stopped before a clean end of file, or empty if the file ended cleanly. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Bytes of complete records (with their checksums) read so far. */
    public long validBytes() {
        return offset;
    }

    /** Records read so far: the last one returned by {@link #next()} is record number {@code recordsRead()}, from 1. */
    public long recordsRead() {
        return records;
    }

    /** Whether the records carry checksums (schema version 2 on); false until the header is read. */
    public boolean checksummed() {
        return checksummed;
    }

    private TraceRecord readRecord() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null; // clean end
        }
        long n = records + 1;
        prefix[0] = (byte) first;
        long length = first & 0x7f;
        int lengthBytes = 1;
        int b = first;
        while ((b & 0x80) != 0) {
            b = in.read();
            if (b < 0) {
                return stop("file ends inside the length prefix of record " + n);
            }
            if (lengthBytes == 5) {
                return stop("malformed length prefix of record " + n);
            }
            prefix[lengthBytes] = (byte) b;
            length |= (long) (b & 0x7f) << (7 * lengthBytes);
            lengthBytes++;
        }
        if (length > MAX_RECORD_BYTES) {
            return stop("record " + n + " claims " + length + " bytes: not a Lamina trace or corrupt");
        }
        long present = size < 0 ? length : Math.min(length, size - offset - lengthBytes);
        byte[] body = present < length ? new byte[0] : in.readNBytes((int) length);
        if (present < length || body.length < length) {
            return stop("file ends inside record " + n + " (" + (present < length ? present : body.length) + " of "
                    + length + " bytes present)");
        }
        if (records == 0) {
            return readHeader(body, lengthBytes);
        }
        if (checksummed) {
            String bad = verify(n, lengthBytes, body);
            if (bad != null) {
                return stop(bad);
            }
        }
        TraceRecord record = parse(body);
        if (record == null) {
            return stop("record " + n + " is corrupt: " + parseError);
        }
        if (record.getKindCase() == TraceRecord.KindCase.KIND_NOT_SET) {
            return stop("record " + n + " is neither header, frame nor footer");
        }
        return accept(record, lengthBytes + length);
    }

    /**
     * The first record decides the framing. Followed by its own CRC32C, it is an intact header of
     * a checksummed trace (checked before it is parsed). Otherwise it must be a version 1 header,
     * encoded exactly as protobuf encodes it: a damaged version 2 header can parse as version 1
     * (a length flipped inside it shifts a nested message's first field, such as a population's
     * {@code id = 1}, up into {@code schema_version}), but then its bytes are not what encoding
     * the parsed header gives; and no single flipped bit turns a canonical {@code 08 02} into
     * {@code 08 01}.
     */
    private TraceRecord readHeader(byte[] body, int lengthBytes) throws IOException {
        in.mark(CHECKSUM_BYTES);
        String checksum = verify(1, lengthBytes, body);
        TraceRecord record = parse(body);
        if (record == null) {
            return stop("record 1 is corrupt: " + parseError);
        }
        if (!record.hasHeader()) {
            return stop("the first record is not a header: not a Lamina trace");
        }
        long version = Integer.toUnsignedLong(record.getHeader().getSchemaVersion());
        if (version == 0) {
            return stop("the header has no schema version: not a Lamina trace, or a corrupt header");
        }
        if (version > SCHEMA_VERSION) {
            // Every version keeps the header's framing, so a matching checksum tells a newer trace from a damaged one.
            return stop("trace schema version " + version + " is newer than this reader's " + SCHEMA_VERSION
                    + (checksum == null ? "" : " (or the header is corrupt: its CRC32C does not match)"));
        }
        if (checksum == null && version >= FIRST_CHECKSUMMED_VERSION) {
            checksummed = true;
            return accept(record, lengthBytes + body.length);
        }
        in.reset(); // version 1: those 4 bytes begin the next record
        if (version >= FIRST_CHECKSUMMED_VERSION) {
            return stop(checksum);
        }
        if (!Arrays.equals(record.toByteArray(), body)) {
            return stop("record 1 is corrupt: it says schema version 1 but is not encoded as a header is"
                    + " (a damaged version " + FIRST_CHECKSUMMED_VERSION + " header?)");
        }
        return accept(record, lengthBytes + body.length);
    }

    private TraceRecord accept(TraceRecord record, long framedBytes) {
        offset += framedBytes + (checksummed ? CHECKSUM_BYTES : 0);
        records++;
        return record;
    }

    /** Reads the 4-byte checksum after record {@code n} and compares it; null if it matches, else why not. */
    private String verify(long n, int lengthBytes, byte[] body) throws IOException {
        byte[] stored = in.readNBytes(CHECKSUM_BYTES);
        if (stored.length < CHECKSUM_BYTES) {
            return "file ends inside the checksum of record " + n + " (" + stored.length + " of " + CHECKSUM_BYTES
                    + " bytes present)";
        }
        crc.reset();
        crc.update(prefix, 0, lengthBytes);
        crc.update(body);
        int computed = (int) crc.getValue();
        int expected = (stored[0] & 0xff) | (stored[1] & 0xff) << 8 | (stored[2] & 0xff) << 16 | (stored[3] & 0xff) << 24;
        if (computed != expected) {
            return String.format("record %d is corrupt: its CRC32C is 0x%08x, the file says 0x%08x", n, computed, expected);
        }
        return null;
    }

    private TraceRecord parse(byte[] body) {
        try {
            return TraceRecord.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            parseError = e.getMessage();
            return null;
        }
    }

    private TraceRecord stop(String why) {
        problem = source + ": truncated or corrupt at byte " + offset + ": " + why
                + "; " + records + " complete record(s) read";
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A whole trace in memory: for tests and small traces. */
    public record Contents(Header header, List<Frame> frames, Optional<Footer> footer, Optional<String> problem) {
        /** True if the trace ended with a footer and nothing was cut off. */
        public boolean complete() {
            return footer.isPresent() && problem.isEmpty();
        }
    }

    /** Reads every complete record; fails only if not even a header can be read. */
    public static Contents readAll(Path path) throws IOException {
        try (TraceReader r = open(path)) {
            return r.readAll();
        }
    }

    /** Reads every complete record of a stream; fails only if not even a header can be read. */
    public static Contents readAll(InputStream in, String source) throws IOException {
        try (TraceReader r = open(in, source)) {
            return r.readAll();
        }
    }

    private Contents readAll() throws IOException {
        if (!hasNext()) {
            throw new IOException(problem().orElse(source + ": empty file, not a Lamina trace"));
        }
        Header header = next().getHeader();
        List<Frame> frames = new ArrayList<>();
        Footer footer = null;
        while (hasNext()) {
            TraceRecord rec = next();
            if (rec.hasFrame()) {
                frames.add(rec.getFrame());
            } else if (rec.hasFooter()) {
                footer = rec.getFooter();
            }
        }
        return new Contents(header, frames, Optional.ofNullable(footer), problem());
    }
}
