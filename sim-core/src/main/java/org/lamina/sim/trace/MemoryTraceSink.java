package org.lamina.sim.trace;

import java.util.ArrayList;
import java.util.List;
import org.lamina.proto.TraceRecord;

/** Keeps records in memory (tests, small runs). {@link #records()} may be read from any thread. */
public final class MemoryTraceSink implements TraceSink {
    private final List<TraceRecord> records = new ArrayList<>();
    private volatile boolean closed;

    @Override
    public synchronized void write(TraceRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    public synchronized List<TraceRecord> records() {
        return List.copyOf(records);
    }
}
