package org.lamina.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.proto.Header;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.codec.ProtoCodec;
import org.lamina.sim.engine.Engine;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceFrame;
import org.lamina.sim.trace.TraceReader;
import org.lamina.sim.trace.TraceSink;

/**
 * {@code lamina bench engine}: coordination overhead per window, spike events delivered per
 * second, and trace write throughput. Each figure is the median of several timed repeats after
 * an untimed warm-up run in the same JVM.
 */
public final class EngineBenchmark {
    private final PrintStream out;
    private final int threads;
    private final int repeats;

    public EngineBenchmark(PrintStream out, int threads, int repeats) {
        this.out = out;
        this.threads = threads;
        this.repeats = repeats;
    }

    /** Microseconds per window for a ring of P populations that compute and emit nothing. */
    public double coordinationMicrosPerWindow(ActorSystem<?> system, int populations, long windows) {
        NetworkSpec net = SpikeRing.network(populations, 1, 1, 0);
        run(system, net, RecordingSpec.none(), TraceSink.NONE, Math.max(1000, windows / 5)); // warm-up
        List<Double> micros = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            run(system, net, RecordingSpec.none(), TraceSink.NONE, windows);
            micros.add((System.nanoTime() - t0) / 1e3 / windows);
        }
        return median(micros);
    }

    /** Spike events delivered per second through a ring of P populations (tracing off or on). */
    public double spikeEventsPerSecond(ActorSystem<?> system, int populations, int size, int batch, int perExample,
                                       long steps, TraceSinkFactory sinks) throws IOException {
        NetworkSpec net = SpikeRing.network(populations, size, batch, perExample);
        RecordingSpec rec = sinks == null ? RecordingSpec.none()
                : new RecordingSpec(net.populations().stream().map(p -> p.name()).collect(Collectors.toSet()),
                List.of(), List.of());
        run(system, net, rec, sinks == null ? TraceSink.NONE : sinks.create(), Math.max(200, steps / 5));
        long eventsPerStep = (long) populations * batch * Math.min(perExample, size); // one projection each
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            TraceSink sink = sinks == null ? TraceSink.NONE : sinks.create();
            long t0 = System.nanoTime();
            run(system, net, rec, sink, steps);
            double s = (System.nanoTime() - t0) / 1e9;
            rates.add(eventsPerStep * steps / s);
        }
        return median(rates);
    }

    /** Spike events per second through the trace encoder and file writer alone. */
    public double traceWriteEventsPerSecond(Path dir, int frames, int batch, int perExample, int size) throws IOException {
        List<TraceFrame> prepared = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(1);
        for (int f = 0; f < frames; f++) {
            int[] offsets = new int[batch + 1];
            int[] indices = new int[batch * perExample];
            for (int b = 0; b < batch; b++) {
                int[] chosen = rnd.ints(0, size).distinct().limit(perExample).sorted().toArray();
                System.arraycopy(chosen, 0, indices, b * perExample, perExample);
                offsets[b + 1] = (b + 1) * perExample;
            }
            prepared.add(new TraceFrame.Spikes(f % 8, new SpikeEmission(f, batch, offsets, indices)));
        }
        long events = (long) frames * batch * perExample;
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repeats + 1; r++) {
            Path file = dir.resolve("bench-" + r + ".trace");
            Files.deleteIfExists(file);
            long t0 = System.nanoTime();
            try (TraceFileWriter w = TraceFileWriter.create(file)) {
                w.write(TraceRecord.newBuilder().setHeader(Header.newBuilder().setSchemaVersion(TraceReader.SCHEMA_VERSION)).build());
                for (TraceFrame f : prepared) {
                    w.write(TraceRecord.newBuilder().setFrame(ProtoCodec.toProto(f)).build());
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (r > 0) { // first pass warms up the encoder
                rates.add(events / s);
            }
            out.printf("  trace write pass %d: %.1f MB, %.2f s%n", r, Files.size(file) / 1e6, s);
            Files.delete(file);
        }
        return median(rates);
    }

    /** Creates a fresh sink per run. */
    public interface TraceSinkFactory {
        TraceSink create() throws IOException;
    }

    private static void run(ActorSystem<?> system, NetworkSpec net, RecordingSpec rec, TraceSink sink, long steps) {
        Simulation.start(system, net, rec, sink, new RunInfo("bench", "", null)).runToEnd(steps);
    }

    /** Median of timed repeats: the figure every Lamina benchmark reports. */
    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted(Comparator.naturalOrder()).toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Runs every engine figure and prints them as a Markdown table. */
    public void runAll(long windows, Path scratch) throws IOException {
        ActorSystem<Void> system = Engine.actorSystem("bench", threads);
        try {
            int cores = Runtime.getRuntime().availableProcessors();
            out.printf("engine benchmark: %d cores, compute threads %s, %d repeats (median), %s %s%n", cores,
                    threads <= 0 ? "= cores" : Integer.toString(threads), repeats,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
            List<String> rows = new ArrayList<>();
            for (int p : new int[] {2, 8, 32}) {
                double us = coordinationMicrosPerWindow(system, p, windows);
                rows.add(String.format("| coordination, P = %d, no compute, tracing off | %.1f µs/window |", p, us));
                out.println(rows.get(rows.size() - 1));
            }
            long steps = Math.max(1000, windows / 10);
            double delivered = spikeEventsPerSecond(system, 8, 1000, 16, 64, steps, null);
            rows.add(String.format("| spike delivery, P = 8 ring, 16 x 64 spikes/step each, tracing off | %.2f M events/s |",
                    delivered / 1e6));
            out.println(rows.get(rows.size() - 1));
            int[] counter = {0};
            Files.createDirectories(scratch);
            double traced = spikeEventsPerSecond(system, 8, 1000, 16, 64, steps,
                    () -> TraceFileWriter.create(scratch.resolve("ring-" + (counter[0]++) + ".trace")));
            rows.add(String.format("| spike delivery + every spike traced to file, same ring | %.2f M events/s |",
                    traced / 1e6));
            out.println(rows.get(rows.size() - 1));
            double write = traceWriteEventsPerSecond(scratch, 20_000, 16, 64, 1000);
            rows.add(String.format("| trace writer alone (encode + write), 16 x 64 spikes/frame | %.2f M events/s |",
                    write / 1e6));
            out.println(rows.get(rows.size() - 1));
            out.println();
            out.println("| measurement | result |");
            out.println("|---|---|");
            rows.forEach(out::println);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            try (var files = Files.list(scratch)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
