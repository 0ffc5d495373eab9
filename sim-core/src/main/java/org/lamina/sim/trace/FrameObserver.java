package org.lamina.sim.trace;

/**
 * Sees every frame of a run in process, in trace order, before it is encoded: a {@link TraceSink}
 * that also implements this (a run's metrics, which a delegating sink collects) reads the frames
 * themselves rather than decoding the protobuf records it is handed next. Called on the trace
 * recorder's thread.
 */
public interface FrameObserver {
    void frame(TraceFrame frame);
}
