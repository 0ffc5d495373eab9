package org.lamina.sim.trace;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.TraceRecord;

/**
 * Reads a trace record by record with bounded memory. A file cut short yields every complete
 * record and then reports where and why it stopped ({@link #problem()}), instead of failing.
 */
public final class TraceReader implements Closeable {
    /** Highest trace schema version this reader understands. */
    public static final int SCHEMA_VERSION = 1;
    private static final int MAX_RECORD_BYTES = 1 << 30;

    private final Path path;
    private final InputStream in;
    private long offset;
    private long records;
    private TraceRecord next;
    private String problem;
    private boolean done;

    private TraceReader(Path path, InputStream in) {
        this.path = path;
        this.in = in;
    }

    public static TraceReader open(Path path) throws IOException {
        return new TraceReader(path, new BufferedInputStream(Files.newInputStream(path), 1 << 16));
    }

    /** Whether another complete record follows. */
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
            throw new NoSuchElementException("no more complete records in " + path);
        }
        TraceRecord r = next;
        next = null;
        return r;
    }

    /** Why reading stopped before a clean end of file, or empty if the file ended cleanly. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Bytes of complete records read so far. */
    public long validBytes() {
        return offset;
    }

    public long recordsRead() {
        return records;
    }

    private TraceRecord readRecord() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null; // clean end
        }
        long length = first & 0x7f;
        int lengthBytes = 1;
        int b = first;
        while ((b & 0x80) != 0) {
            b = in.read();
            if (b < 0) {
                return stop("file ends inside the length prefix of record " + (records + 1));
            }
            if (lengthBytes == 5) {
                return stop("malformed length prefix of record " + (records + 1));
            }
            length |= (long) (b & 0x7f) << (7 * lengthBytes);
            lengthBytes++;
        }
        if (length > MAX_RECORD_BYTES) {
            return stop("record " + (records + 1) + " claims " + length + " bytes: not a Lamina trace or corrupt");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            return stop("file ends inside record " + (records + 1) + " (" + body.length + " of " + length
                    + " bytes present)");
        }
        TraceRecord record;
        try {
            record = TraceRecord.parseFrom(CodedInputStream.newInstance(body));
        } catch (InvalidProtocolBufferException e) {
            return stop("record " + (records + 1) + " is corrupt: " + e.getMessage());
        }
        if (record.getKindCase() == TraceRecord.KindCase.KIND_NOT_SET) {
            return stop("record " + (records + 1) + " is neither header, frame nor footer");
        }
        if (records == 0) {
            if (!record.hasHeader()) {
                return stop("the first record is not a header: not a Lamina trace");
            }
            if (record.getHeader().getSchemaVersion() > SCHEMA_VERSION) {
                return stop("trace schema version " + record.getHeader().getSchemaVersion()
                        + " is newer than this reader's " + SCHEMA_VERSION);
            }
        }
        offset += lengthBytes + length;
        records++;
        return record;
    }

    private TraceRecord stop(String why) {
        problem = path + ": truncated or corrupt at byte " + offset + ": " + why
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
            if (!r.hasNext()) {
                throw new IOException(r.problem().orElse(path + ": empty file, not a Lamina trace"));
            }
            Header header = r.next().getHeader();
            List<Frame> frames = new ArrayList<>();
            Footer footer = null;
            while (r.hasNext()) {
                TraceRecord rec = r.next();
                if (rec.hasFrame()) {
                    frames.add(rec.getFrame());
                } else if (rec.hasFooter()) {
                    footer = rec.getFooter();
                }
            }
            return new Contents(header, frames, Optional.ofNullable(footer), r.problem());
        }
    }
}
