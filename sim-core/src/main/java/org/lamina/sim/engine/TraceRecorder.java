package org.lamina.sim.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.lamina.proto.Footer;
import org.lamina.proto.Header;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.codec.ProtoCodec;
import org.lamina.sim.trace.FrameObserver;
import org.lamina.sim.trace.TraceFrame;
import org.lamina.sim.trace.TraceSink;

/**
 * Writes the trace on the I/O dispatcher: encodes frames at the edge, writes them in the order
 * the coordinator sends them, flushes once a second so a crash loses little, and acknowledges
 * each write so the coordinator can bound how much is in flight.
 */
final class TraceRecorder extends AbstractBehavior<TraceRecorder.Command> {

    sealed interface Command {
    }

    record Write(long window, List<TraceFrame> frames, ActorRef<Coordinator.Command> replyTo) implements Command {
    }

    record Close(Footer footer, ActorRef<Coordinator.Command> replyTo) implements Command {
    }

    private enum Tick implements Command {
        INSTANCE
    }

    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    /**
     * A recorder that writes {@code header} first, or, when {@code framesBefore} is 0 or more,
     * continues a trace that already holds its header and that many frames (a resumed run).
     */
    static Behavior<Command> create(TraceSink sink, Header header, long framesBefore) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new TraceRecorder(ctx, timers, sink, header,
                framesBefore)));
    }

    private final TraceSink sink;
    /** The sink, when it also reads the frames in process. */
    private final FrameObserver observer;
    private String error;
    private boolean closed;
    private long frames;

    private TraceRecorder(ActorContext<Command> ctx, TimerScheduler<Command> timers, TraceSink sink, Header header,
                          long framesBefore) {
        super(ctx);
        this.sink = sink;
        this.observer = sink instanceof FrameObserver o ? o : null;
        if (framesBefore >= 0) {
            frames = framesBefore;
        } else {
            try {
                sink.write(TraceRecord.newBuilder().setHeader(header).build());
                sink.flush();
            } catch (IOException e) {
                error = "writing the trace header failed: " + e;
            }
        }
        timers.startTimerWithFixedDelay(Tick.INSTANCE, FLUSH_INTERVAL);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Write.class, this::onWrite)
                .onMessage(Close.class, this::onClose)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onSignal(PostStop.class, s -> {
                    closeQuietly();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onWrite(Write w) {
        if (error == null && !closed) {
            try {
                for (TraceFrame f : w.frames()) {
                    if (observer != null) {
                        observer.frame(f);
                    }
                    sink.write(TraceRecord.newBuilder().setFrame(ProtoCodec.toProto(f)).build());
                }
                frames += w.frames().size();
            } catch (IOException | RuntimeException e) {
                error = "writing the trace failed at window " + w.window() + ": " + e;
            }
        }
        w.replyTo().tell(error == null ? new Coordinator.Written(w.window()) : new Coordinator.RecorderFailed(error));
        return this;
    }

    private Behavior<Command> onClose(Close c) {
        Footer footer = c.footer().toBuilder().setFrames(frames).build();
        String problem = error;
        if (!closed) {
            try {
                sink.write(TraceRecord.newBuilder().setFooter(footer).build());
                sink.flush();
            } catch (IOException | RuntimeException e) {
                problem = problem == null ? "writing the trace footer failed: " + e : problem;
            } finally {
                closeQuietly();
            }
        }
        c.replyTo().tell(new Coordinator.RecorderClosed(frames, problem));
        return Behaviors.stopped();
    }

    private Behavior<Command> onTick() {
        if (error == null && !closed) {
            try {
                sink.flush();
            } catch (IOException e) {
                error = "flushing the trace failed: " + e;
            }
        }
        return this;
    }

    private void closeQuietly() {
        if (!closed) {
            closed = true;
            try {
                sink.close();
            } catch (IOException e) {
                getContext().getLog().warn("closing the trace failed: {}", e.toString());
            }
        }
    }
}
