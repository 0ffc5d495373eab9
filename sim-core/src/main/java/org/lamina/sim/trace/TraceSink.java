package org.lamina.sim.trace;

import java.io.IOException;
import org.lamina.proto.TraceRecord;

/** Where trace records go: a file, memory, or nowhere. Used from one thread (the recorder actor). */
public interface TraceSink extends AutoCloseable {

    void write(TraceRecord record) throws IOException;

    /** Pushes buffered records to their destination, so a reader sees them. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /** Discards everything (tracing off). */
    TraceSink NONE = new TraceSink() {
        @Override
        public void write(TraceRecord record) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
}
