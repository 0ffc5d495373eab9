package org.lamina.scenarios.traceio;

import java.util.Locale;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.StateFrame;
import org.lamina.proto.WeightSnapshot;
import org.lamina.sim.codec.ProtoCodec;

/**
 * The shape and count fields of one frame, checked before anything is sized or indexed from
 * them. A trace's checksums say the bytes are those written, not that the writer was right (or
 * that the file was written by Lamina at all): every uint32 is read unsigned, products are taken
 * in {@code long}, and each must agree with the number of values the frame holds.
 * lamina_trace (Python) checks the same.
 */
public final class FrameCheck {
    private FrameCheck() {
    }

    /**
     * Why {@code f}'s shapes or counts are inconsistent, or null when they are not; a state or
     * weight frame's problem starts with the name of its series' export files.
     */
    public static String problem(Header h, Frame f) {
        return switch (f.getBodyCase()) {
            case SPIKES -> {
                try {
                    ProtoCodec.fromProto(f.getStep(), f.getSpikes().getSpikes());
                    yield null;
                } catch (IllegalArgumentException e) {
                    yield "corrupt spike set: " + e.getMessage();
                }
            }
            case STATE -> {
                String bad = state(f.getState());
                yield bad == null ? null : stateSeries(h, f.getState()) + ": " + bad;
            }
            case WEIGHTS -> {
                String bad = weights(f.getWeights());
                yield bad == null ? null : weightSeries(f.getWeights()) + ": " + bad;
            }
            default -> null;
        };
    }

    /** The base name of a state series' export files: {@code state-<population>-<variable>}. */
    static String stateSeries(Header h, StateFrame s) {
        return "state-" + TraceExporter.fileSafe(TraceSummary.populationName(h, s.getPopulation())) + "-"
                + TraceExporter.fileSafe(s.getVariable());
    }

    /** The base name of a projection's weight export files: {@code weights-<projection id>}. */
    static String weightSeries(WeightSnapshot w) {
        return "weights-" + Integer.toUnsignedString(w.getProjection());
    }

    private static String state(StateFrame s) {
        long batch = Integer.toUnsignedLong(s.getBatch());
        long units = s.getUnitsCount();
        if (batch == 0 || units == 0 || batch * units != s.getValuesCount()) {
            return "holds " + s.getValuesCount() + " values for batch " + batch + " x " + units + " units";
        }
        return null;
    }

    private static String weights(WeightSnapshot w) {
        long rows = Integer.toUnsignedLong(w.getRows());
        long cols = Integer.toUnsignedLong(w.getCols());
        if (rows == 0 || cols == 0 || rows * cols != w.getValuesCount()) {
            return "holds " + w.getValuesCount() + " values for " + rows + " x " + cols;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (org.lamina.proto.NamedValues n : w.getExtrasList()) {
            if (n.getName().isEmpty() || !names.add(n.getName())) {
                return "holds an extra array " + (n.getName().isEmpty() ? "without a name" : "named '" + n.getName()
                        + "' twice");
            }
        }
        return null;
    }

    /** Where a frame is, for messages: {@code FILE: record N (state frame at step S)}. */
    public static String where(Object file, long record, Frame f) {
        return file + ": record " + record + " (" + f.getBodyCase().name().toLowerCase(Locale.ROOT)
                + " frame at step " + f.getStep() + ")";
    }
}
