package org.lamina.scenarios.traceio;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.Param;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.ProjectionInfo;
import org.lamina.proto.SpikeSet;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.trace.TraceReader;

/** Streams a trace once and prints what it holds: header facts, frame counts, footer status. */
public final class TraceSummary {
    private TraceSummary() {
    }

    /**
     * Prints the summary of {@code file} to {@code out}. Throws IOException if the file is not a
     * readable trace at all; a truncated or damaged trace is summarised up to its last intact record
     * and says where it stopped. A frame with inconsistent shapes or counts ({@link FrameCheck}) is
     * counted, and after the summary an IOException names the first one (file and record).
     */
    public static void print(Path file, PrintStream out) throws IOException {
        try (TraceReader r = TraceReader.open(file)) {
            if (!r.hasNext()) {
                throw new IOException(r.problem().orElse(file + ": empty file, not a Lamina trace"));
            }
            Header h = r.next().getHeader();
            printHeader(file, h, out);

            Map<String, Long> kinds = new TreeMap<>();
            Map<Integer, Long> spikesPerPopulation = new TreeMap<>();
            h.getPopulationsList().forEach(p -> spikesPerPopulation.put(p.getId(), 0L));
            Map<String, double[]> metrics = new TreeMap<>(); // name -> {count, last}
            // Aggregated per phase name, not kept per marker, so memory stays bounded on long runs.
            Map<String, PhaseStats> phases = new LinkedHashMap<>();
            long firstStep = Long.MAX_VALUE;
            long lastStep = Long.MIN_VALUE;
            Footer footer = null;
            String invalid = null;
            while (r.hasNext()) {
                TraceRecord rec = r.next();
                if (rec.hasFooter()) {
                    footer = rec.getFooter();
                    continue;
                }
                Frame f = rec.getFrame();
                String bad = invalid == null ? FrameCheck.problem(h, f) : null;
                if (bad != null) {
                    invalid = FrameCheck.where(file, r.recordsRead(), f) + ": " + bad;
                }
                firstStep = Math.min(firstStep, f.getStep());
                lastStep = Math.max(lastStep, f.getStep());
                kinds.merge(f.getBodyCase().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                switch (f.getBodyCase()) {
                    case SPIKES -> {
                        SpikeSet s = f.getSpikes().getSpikes();
                        spikesPerPopulation.merge(f.getSpikes().getPopulation(), (long) s.getIndexDeltasCount(), Long::sum);
                    }
                    case METRIC -> {
                        String name = f.getMetric().hasPopulation()
                                ? populationName(h, f.getMetric().getPopulation()) + "." + f.getMetric().getName()
                                : f.getMetric().getName();
                        if (f.getMetric().hasExample()) {
                            name += "[per example]";
                        }
                        double[] m = metrics.computeIfAbsent(name, k -> new double[2]);
                        m[0]++;
                        m[1] = f.getMetric().getValue();
                    }
                    case PHASE -> phases.computeIfAbsent(f.getPhase().getPhase(), k -> new PhaseStats())
                            .add(f.getStep(), f.getPhase().getBegin());
                    default -> {
                    }
                }
            }
            out.println("frames:");
            if (kinds.isEmpty()) {
                out.println("  none");
            } else {
                kinds.forEach((k, n) -> out.printf("  %-8s %d%n", k, n));
                out.printf("  steps    %d..%d%n", firstStep, lastStep);
            }
            out.println("spike events recorded:");
            spikesPerPopulation.forEach((p, n) -> out.printf("  %-16s %d%n", populationName(h, p), n));
            if (!metrics.isEmpty()) {
                out.println("metrics (count, last value):");
                metrics.forEach((k, m) -> out.printf("  %-28s %6d  %s%n", k, (long) m[0], m[1]));
            }
            if (!phases.isEmpty()) {
                out.println("phases:");
                phases.forEach((name, p) -> out.printf("  %-16s %s%n", name, p));
            }
            if (footer == null) {
                out.println("footer: missing (the run did not finish writing this trace)");
            } else if (footer.getStatus() == Footer.Status.INTERRUPTED) {
                out.printf("footer: INTERRUPTED by %s after %d steps, %d frames, %d spike events%n", footer.getError(),
                        footer.getStepsCompleted(), footer.getFrames(), footer.getSpikeEvents());
            } else if (footer.getStatus() == Footer.Status.FAILED) {
                out.printf("footer: FAILED after %d steps: %s%n", footer.getStepsCompleted(), footer.getError());
                out.printf("  failed population: %s, step %d%n", footer.getFailedPopulation(), footer.getFailedStep());
            } else {
                out.printf("footer: %s, %d steps, %s frames, %s spike events%n", footer.getStatus(),
                        footer.getStepsCompleted(), Long.toUnsignedString(footer.getFrames()),
                        Long.toUnsignedString(footer.getSpikeEvents()));
            }
            r.problem().ifPresent(p -> out.println("TRUNCATED: " + p));
            if (invalid != null) {
                throw new IOException(invalid);
            }
        }
    }

    private static void printHeader(Path file, Header h, PrintStream out) {
        out.printf("trace: %s%n", file);
        out.printf("schema %s, Lamina %s, scenario '%s', seed %s, dt %s ms, window %s steps%n",
                Integer.toUnsignedString(h.getSchemaVersion()), h.getLaminaVersion(), h.getScenarioName(),
                Long.toUnsignedString(h.getSeed()), h.getDtMs(), Integer.toUnsignedString(h.getWindowSteps()));
        out.printf("kernels: requested %s, used %s on %s%s%n", h.getBackend().getRequested(),
                h.getBackend().getBackend(), h.getBackend().getDevice(),
                h.getBackend().getFallbackReason().isEmpty() ? "" : " (fallback: " + h.getBackend().getFallbackReason() + ")");
        out.printf("recorded on: Java %s (%s), %s %s, %s cores, %s%n", h.getProvenance().getJavaVersion(),
                h.getProvenance().getJavaVendor(), h.getProvenance().getOsName(), h.getProvenance().getOsArch(),
                Integer.toUnsignedString(h.getProvenance().getCores()), h.getProvenance().getCpuModel());
        out.println("populations:");
        for (PopulationInfo p : h.getPopulationsList()) {
            StringBuilder params = new StringBuilder();
            for (Param kv : p.getParamsList()) {
                params.append(params.length() == 0 ? "" : ", ").append(kv.getKey()).append('=').append(kv.getValue());
            }
            out.printf("  %s %-12s %-16s size %s, batch %s  {%s}%n", Integer.toUnsignedString(p.getId()), p.getName(),
                    p.getModel(), Integer.toUnsignedString(p.getSize()), Integer.toUnsignedString(p.getBatch()), params);
        }
        out.println("projections:");
        if (h.getProjectionsCount() == 0) {
            out.println("  none");
        }
        for (ProjectionInfo j : h.getProjectionsList()) {
            out.printf("  %s %s -> %s, delay %s, plasticity %s%n", Integer.toUnsignedString(j.getId()),
                    populationName(h, j.getSource()), populationName(h, j.getTarget()),
                    Integer.toUnsignedString(j.getDelaySteps()), j.getPlasticity());
        }
    }

    /** The header's name for population {@code id}; ids need not match list positions. */
    static String populationName(Header h, int id) {
        for (PopulationInfo p : h.getPopulationsList()) {
            if (p.getId() == id) {
                return p.getName();
            }
        }
        return "population-" + Integer.toUnsignedString(id);
    }

    /** Begin/end markers of one phase name: how often it began, its first begin and last end step. */
    private static final class PhaseStats {
        long begins;
        long ends;
        long firstBegin = -1;
        long lastEnd = -1;

        void add(long step, boolean begin) {
            if (begin) {
                firstBegin = begins++ == 0 ? step : firstBegin;
            } else {
                ends++;
                lastEnd = step;
            }
        }

        @Override
        public String toString() {
            return "begun " + begins + "x, ended " + ends + "x"
                    + (begins > 0 ? ", first begin at step " + firstBegin : "")
                    + (ends > 0 ? ", last end at step " + lastEnd : "")
                    + (begins > ends ? " (still open)" : "");
        }
    }
}
