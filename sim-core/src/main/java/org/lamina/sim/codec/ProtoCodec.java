package org.lamina.sim.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.lamina.proto.DenseSet;
import org.lamina.proto.Frame;
import org.lamina.proto.Metric;
import org.lamina.proto.PhaseMarker;
import org.lamina.proto.ProjectionDelivery;
import org.lamina.proto.SpikeFrame;
import org.lamina.proto.SpikeSet;
import org.lamina.proto.StateFrame;
import org.lamina.proto.WeightSnapshot;
import org.lamina.proto.WindowDone;
import org.lamina.proto.WindowGrant;
import org.lamina.proto.PopulationFailure;
import org.lamina.sim.engine.Coordinator;
import org.lamina.sim.engine.PopulationActor;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.Delivery;
import org.lamina.sim.event.Emission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.trace.TraceFrame;

/**
 * Converts the in-process records to their proto schemas and back. The one owner of the
 * wire encodings (spikes delta-encoded per example), used by the trace recorder and by
 * anything that sends engine messages across a process boundary.
 */
public final class ProtoCodec {
    private ProtoCodec() {
    }

    // ------------------------------------------------------------------ spikes and dense

    public static SpikeSet toProto(SpikeEmission s) {
        SpikeSet.Builder b = SpikeSet.newBuilder().setBatch(s.batch());
        int[] idx = s.indices();
        for (int e = 0; e < s.batch(); e++) {
            int from = s.offsets()[e];
            int to = s.offsets()[e + 1];
            b.addCounts(to - from);
            int prev = 0;
            for (int i = from; i < to; i++) {
                b.addIndexDeltas(idx[i] - prev);
                prev = idx[i];
            }
        }
        return b.build();
    }

    /**
     * Decodes a spike set; throws IllegalArgumentException (never an index or size error) when its
     * counts do not fit its batch and indices, or a neuron index does not fit an int. The uint32
     * fields are read as unsigned.
     */
    public static SpikeEmission fromProto(long step, SpikeSet s) {
        long batch = Integer.toUnsignedLong(s.getBatch());
        if (s.getCountsCount() != batch) {
            throw new IllegalArgumentException("spike set has " + s.getCountsCount() + " counts for batch " + batch);
        }
        int[] offsets = new int[(int) batch + 1];
        long total = 0;
        for (int e = 0; e < batch; e++) {
            total += Integer.toUnsignedLong(s.getCounts(e));
            if (total > s.getIndexDeltasCount()) {
                break; // reported below, before an offset could overflow
            }
            offsets[e + 1] = (int) total;
        }
        if (total != s.getIndexDeltasCount()) {
            long sum = 0;
            for (int e = 0; e < batch; e++) {
                sum += Integer.toUnsignedLong(s.getCounts(e));
            }
            throw new IllegalArgumentException("spike set counts sum to " + sum + " but holds "
                    + s.getIndexDeltasCount() + " indices");
        }
        int[] indices = new int[(int) total];
        for (int e = 0; e < batch; e++) {
            long prev = 0;
            for (int i = offsets[e]; i < offsets[e + 1]; i++) {
                prev += Integer.toUnsignedLong(s.getIndexDeltas(i));
                if (prev > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("neuron index " + prev + " of example " + e
                            + " does not fit an int (" + Integer.MAX_VALUE + " at most)");
                }
                indices[i] = (int) prev;
            }
        }
        return new SpikeEmission(step, (int) batch, offsets, indices);
    }

    public static DenseSet toProto(DenseEmission d) {
        DenseSet.Builder b = DenseSet.newBuilder().setBatch(d.batch()).setWidth(d.width()).setChannel(d.channel());
        for (float v : d.values()) {
            b.addValues(v);
        }
        return b.build();
    }

    public static DenseEmission fromProto(long step, DenseSet d) {
        float[] v = new float[d.getValuesCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.getValues(i);
        }
        return new DenseEmission(step, d.getBatch(), d.getWidth(), v, d.getChannel());
    }

    public static org.lamina.proto.Emission toProto(Emission e) {
        org.lamina.proto.Emission.Builder b = org.lamina.proto.Emission.newBuilder().setStep(e.step());
        if (e instanceof SpikeEmission s) {
            b.setSpikes(toProto(s));
        } else if (e instanceof DenseEmission d) {
            b.setDense(toProto(d));
        }
        return b.build();
    }

    public static Emission fromProto(org.lamina.proto.Emission e) {
        return switch (e.getPayloadCase()) {
            case SPIKES -> fromProto(e.getStep(), e.getSpikes());
            case DENSE -> fromProto(e.getStep(), e.getDense());
            case PAYLOAD_NOT_SET -> throw new IllegalArgumentException("emission at step " + e.getStep() + " has no payload");
        };
    }

    // ------------------------------------------------------------------ engine messages

    public static ProjectionDelivery toProto(Delivery d) {
        ProjectionDelivery.Builder b = ProjectionDelivery.newBuilder()
                .setProjection(d.projection()).setWindow(d.window()).setEndStep(d.endStep());
        for (Emission e : d.emissions()) {
            b.addEmissions(toProto(e));
        }
        return b.build();
    }

    public static Delivery fromProto(ProjectionDelivery d) {
        List<Emission> es = new ArrayList<>(d.getEmissionsCount());
        for (org.lamina.proto.Emission e : d.getEmissionsList()) {
            es.add(fromProto(e));
        }
        return new Delivery(d.getProjection(), d.getWindow(), d.getEndStep(), es);
    }

    public static WindowGrant toProto(PopulationActor.Grant g) {
        return WindowGrant.newBuilder().setWindow(g.window()).setFirstStep(g.firstStep()).setSteps(g.steps()).build();
    }

    public static PopulationActor.Grant fromProto(WindowGrant g) {
        return new PopulationActor.Grant(g.getWindow(), g.getFirstStep(), g.getSteps());
    }

    public static WindowDone toProto(Coordinator.WindowDone d) {
        WindowDone.Builder b = WindowDone.newBuilder()
                .setPopulation(d.population()).setWindow(d.window()).setSpikeEvents(d.spikeEvents());
        for (TraceFrame f : d.frames()) {
            b.addFrames(toProto(f));
        }
        return b.build();
    }

    public static Coordinator.WindowDone fromProto(WindowDone d) {
        List<TraceFrame> frames = new ArrayList<>(d.getFramesCount());
        for (Frame f : d.getFramesList()) {
            frames.add(fromProto(f));
        }
        return new Coordinator.WindowDone(d.getPopulation(), d.getWindow(), frames, d.getSpikeEvents());
    }

    public static org.lamina.proto.PhaseChange toProto(PopulationActor.PhaseChange p) {
        return org.lamina.proto.PhaseChange.newBuilder().setPhase(p.phase().name()).setKind(p.phase().kind().label())
                .addAllLearning(p.phase().learning()).setBegin(p.begin()).setStep(p.step()).build();
    }

    public static PopulationActor.PhaseChange fromProto(org.lamina.proto.PhaseChange p) {
        return new PopulationActor.PhaseChange(new Phase(p.getPhase(), PhaseKind.of(p.getKind()),
                new TreeSet<>(p.getLearningList())), p.getBegin(), p.getStep());
    }

    public static PopulationFailure toProto(Coordinator.PopulationFailed f) {
        return PopulationFailure.newBuilder().setPopulation(f.population()).setPopulationName(f.name())
                .setStep(f.step()).setCause(f.cause()).build();
    }

    public static Coordinator.PopulationFailed fromProto(PopulationFailure f) {
        return new Coordinator.PopulationFailed(f.getPopulation(), f.getPopulationName(), f.getStep(), f.getCause());
    }

    // ------------------------------------------------------------------ trace frames

    public static Frame toProto(TraceFrame f) {
        Frame.Builder b = Frame.newBuilder().setStep(f.step());
        if (f instanceof TraceFrame.Spikes s) {
            b.setSpikes(SpikeFrame.newBuilder().setPopulation(s.population()).setSpikes(toProto(s.spikes())));
        } else if (f instanceof TraceFrame.State s) {
            StateFrame.Builder sb = StateFrame.newBuilder().setPopulation(s.population())
                    .setVariable(s.variable()).setBatch(s.batch());
            for (int u : s.units()) {
                sb.addUnits(u);
            }
            for (float v : s.values()) {
                sb.addValues(v);
            }
            b.setState(sb);
        } else if (f instanceof TraceFrame.Trajectory t) {
            org.lamina.proto.Trajectory.Builder tb = org.lamina.proto.Trajectory.newBuilder().setPopulation(t.population())
                    .setVariable(t.variable()).setExample(t.example()).setDtMs(t.dtMs()).setSamples(t.samples());
            for (int u : t.units()) {
                tb.addUnits(u);
            }
            for (float v : t.values()) {
                tb.addValues(v);
            }
            b.setTrajectory(tb);
        } else if (f instanceof TraceFrame.Weights w) {
            WeightSnapshot.Builder wb = WeightSnapshot.newBuilder().setProjection(w.projection())
                    .setRows(w.rows()).setCols(w.cols());
            for (float v : w.values()) {
                wb.addValues(v);
            }
            w.extras().forEach((name, values) -> {
                org.lamina.proto.NamedValues.Builder nb = org.lamina.proto.NamedValues.newBuilder().setName(name);
                for (float v : values) {
                    nb.addValues(v);
                }
                wb.addExtras(nb);
            });
            b.setWeights(wb);
        } else if (f instanceof TraceFrame.Metric m) {
            Metric.Builder mb = Metric.newBuilder().setName(m.name()).setValue(m.value());
            if (m.population() >= 0) {
                mb.setPopulation(m.population());
            }
            if (m.example() >= 0) {
                mb.setExample(m.example());
            }
            b.setMetric(mb);
        } else if (f instanceof TraceFrame.Phase p) {
            b.setPhase(PhaseMarker.newBuilder().setPhase(p.phase()).setBegin(p.begin()).setKind(p.kind())
                    .addAllLearning(p.learning()));
        }
        return b.build();
    }

    public static TraceFrame fromProto(Frame f) {
        long step = f.getStep();
        return switch (f.getBodyCase()) {
            case SPIKES -> new TraceFrame.Spikes(f.getSpikes().getPopulation(), fromProto(step, f.getSpikes().getSpikes()));
            case STATE -> {
                StateFrame s = f.getState();
                int[] units = s.getUnitsList().stream().mapToInt(Integer::intValue).toArray();
                yield new TraceFrame.State(s.getPopulation(), s.getVariable(), step, s.getBatch(), units, floats(s.getValuesList()));
            }
            case WEIGHTS -> {
                WeightSnapshot w = f.getWeights();
                java.util.TreeMap<String, float[]> extras = new java.util.TreeMap<>();
                for (org.lamina.proto.NamedValues n : w.getExtrasList()) {
                    extras.put(n.getName(), floats(n.getValuesList()));
                }
                yield new TraceFrame.Weights(w.getProjection(), step, w.getRows(), w.getCols(), floats(w.getValuesList()),
                        extras);
            }
            case METRIC -> new TraceFrame.Metric(f.getMetric().getName(), step, f.getMetric().getValue(),
                    f.getMetric().hasPopulation() ? f.getMetric().getPopulation() : -1,
                    f.getMetric().hasExample() ? f.getMetric().getExample() : -1);
            case PHASE -> new TraceFrame.Phase(f.getPhase().getPhase(), step, f.getPhase().getBegin(),
                    f.getPhase().getKind(), List.copyOf(f.getPhase().getLearningList()));
            case TRAJECTORY -> {
                org.lamina.proto.Trajectory t = f.getTrajectory();
                yield new TraceFrame.Trajectory(t.getPopulation(), t.getVariable(), step, t.getExample(), t.getDtMs(),
                        t.getUnitsList().stream().mapToInt(Integer::intValue).toArray(), t.getSamples(),
                        floats(t.getValuesList()));
            }
            case BODY_NOT_SET -> throw new IllegalArgumentException("frame at step " + step + " has no body");
        };
    }

    private static float[] floats(List<Float> values) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }
}
