package org.lamina.sim.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.lamina.proto.TraceRecord;

/**
 * Streams length-delimited records to a file through a fixed-size buffer (bounded memory).
 * Each record is written whole before the next starts, so after a crash the file holds
 * complete records followed by at most one partial one, which {@link TraceReader} reports.
 */
public final class TraceFileWriter implements TraceSink {
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final OutputStream out;
    private long bytes;
    private long records;

    private TraceFileWriter(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates the file; refuses to overwrite an existing one (a finished trace is never clobbered). */
    public static TraceFileWriter create(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream os = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new TraceFileWriter(path, new BufferedOutputStream(os, BUFFER_BYTES));
    }

    @Override
    public void write(TraceRecord record) throws IOException {
        int size = record.getSerializedSize();
        record.writeDelimitedTo(out);
        bytes += size + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size);
        records++;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
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
