package org.lamina.sim.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.lamina.proto.TraceRecord;

/**
 * Streams records to a file through a fixed-size buffer (bounded memory), framed as schema
 * version {@value TraceReader#SCHEMA_VERSION} frames them: a varint length, the message, then the
 * CRC32C of both, 4 bytes little-endian (docs/traces.md). Each record is written whole before the
 * next starts, so after a crash the file holds complete records followed by at most one partial
 * one, which {@link TraceReader} reports. The first record must be a header saying that version.
 */
public final class TraceFileWriter implements TraceSink {
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    /** Forwards to {@link #out} while summing the record's bytes into {@link #crc}. */
    private final OutputStream checksummed;
    private final CRC32C crc = new CRC32C();
    private final byte[] trailer = new byte[TraceReader.CHECKSUM_BYTES];
    private long bytes;
    private long records;

    private TraceFileWriter(Path path, FileChannel channel, long bytes, long records) {
        this.path = path;
        this.channel = channel;
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        this.out = out;
        this.bytes = bytes;
        this.records = records;
        this.checksummed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                crc.update(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                out.write(b, off, len);
            }
        };
    }

    /** Creates the file; refuses to overwrite an existing one (a finished trace is never clobbered). */
    public static TraceFileWriter create(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new TraceFileWriter(path, ch, 0, 0);
    }

    /**
     * Continues an existing trace after its first {@code validBytes} bytes, which hold
     * {@code records} complete records (a checkpoint's position): whatever follows them (records
     * written after the checkpoint, a partial record, a footer) is cut off first.
     */
    public static TraceFileWriter continueAt(Path path, long validBytes, long records) throws IOException {
        if (records < 1) {
            throw new IllegalArgumentException(path + ": a trace to continue holds at least its header");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            if (size < validBytes) {
                throw new IOException(path + " holds " + size + " bytes, fewer than the " + validBytes + " to continue after");
            }
            ch.truncate(validBytes);
            ch.position(validBytes);
            return new TraceFileWriter(path, ch, validBytes, records);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void write(TraceRecord record) throws IOException {
        if (records == 0 && (!record.hasHeader() || record.getHeader().getSchemaVersion() != TraceReader.SCHEMA_VERSION)) {
            // The header's version tells readers how records are framed: it must be the one written here.
            throw new IllegalArgumentException(path + ": the first record must be a header of schema version "
                    + TraceReader.SCHEMA_VERSION + ", not " + (record.hasHeader()
                    ? "version " + Integer.toUnsignedString(record.getHeader().getSchemaVersion()) : record.getKindCase()));
        }
        int size = record.getSerializedSize();
        crc.reset();
        record.writeDelimitedTo(checksummed);
        int sum = (int) crc.getValue();
        for (int i = 0; i < trailer.length; i++) {
            trailer[i] = (byte) (sum >>> (8 * i));
        }
        out.write(trailer);
        bytes += com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size) + size + trailer.length;
        records++;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and forces what is written to the disk (before a checkpoint names this position). */
    public void sync() throws IOException {
        out.flush();
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    public Path path() {
        return path;
    }

    public long bytesWritten() {
        return bytes;
    }

    public long recordsWritten() {
        return records;
    }
}
