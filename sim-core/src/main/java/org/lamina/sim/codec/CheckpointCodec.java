package org.lamina.sim.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.lamina.proto.EngineState;
import org.lamina.proto.PendingArrival;
import org.lamina.proto.PopulationState;
import org.lamina.proto.StateArray;
import org.lamina.sim.engine.EngineCheckpoint;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;

/** {@link EngineCheckpoint} to and from its protobuf form ({@code checkpoint.proto}), exactly. */
public final class CheckpointCodec {
    private CheckpointCodec() {
    }

    public static EngineState toProto(EngineCheckpoint c) {
        EngineState.Builder b = EngineState.newBuilder().setStep(c.step()).setNextWindow(c.nextWindow())
                .setFrames(c.frames()).setSpikeEvents(c.spikeEvents());
        for (EngineCheckpoint.PopulationState p : c.populations()) {
            PopulationState.Builder pb = PopulationState.newBuilder().setId(p.id()).setName(p.name());
            for (Map.Entry<String, Object> e : p.model().values().entrySet()) {
                pb.addModel(array(e.getKey(), e.getValue()));
            }
            for (EngineCheckpoint.Pending a : p.pending()) {
                pb.addPending(PendingArrival.newBuilder().setStep(a.step()).setProjection(a.projection())
                        .setEmission(ProtoCodec.toProto(a.emission())));
            }
            for (Phase ph : p.activePhases()) {
                pb.addActivePhases(phase(ph, true, 0));
            }
            for (EngineCheckpoint.QueuedPhase q : p.queuedPhases()) {
                pb.addQueuedPhases(phase(q.phase(), q.begin(), q.step()));
            }
            b.addPopulations(pb);
        }
        return b.build();
    }

    /**
     * The checkpoint {@code s} holds.
     *
     * @throws IllegalArgumentException when a part of it is malformed (an unknown phase kind, a corrupt emission)
     */
    public static EngineCheckpoint fromProto(EngineState s) {
        List<EngineCheckpoint.PopulationState> pops = new ArrayList<>();
        for (PopulationState p : s.getPopulationsList()) {
            ModelState m = new ModelState();
            for (StateArray a : p.getModelList()) {
                m.putRaw(a.getName(), values(a));
            }
            List<EngineCheckpoint.Pending> pending = new ArrayList<>();
            for (PendingArrival a : p.getPendingList()) {
                pending.add(new EngineCheckpoint.Pending(a.getStep(), a.getProjection(),
                        ProtoCodec.fromProto(a.getEmission())));
            }
            List<Phase> active = new ArrayList<>();
            for (org.lamina.proto.PhaseChange c : p.getActivePhasesList()) {
                active.add(phase(c));
            }
            List<EngineCheckpoint.QueuedPhase> queued = new ArrayList<>();
            for (org.lamina.proto.PhaseChange c : p.getQueuedPhasesList()) {
                queued.add(new EngineCheckpoint.QueuedPhase(phase(c), c.getBegin(), c.getStep()));
            }
            pops.add(new EngineCheckpoint.PopulationState(p.getId(), p.getName(), m, pending, active, queued));
        }
        return new EngineCheckpoint(s.getStep(), s.getNextWindow(), s.getFrames(), s.getSpikeEvents(), pops);
    }

    private static org.lamina.proto.PhaseChange phase(Phase p, boolean begin, long step) {
        return org.lamina.proto.PhaseChange.newBuilder().setPhase(p.name()).setKind(p.kind().label())
                .addAllLearning(p.learning()).setBegin(begin).setStep(step).build();
    }

    private static Phase phase(org.lamina.proto.PhaseChange c) {
        return new Phase(c.getPhase(), PhaseKind.of(c.getKind()), new TreeSet<>(c.getLearningList()));
    }

    private static StateArray array(String name, Object v) {
        StateArray.Builder b = StateArray.newBuilder().setName(name);
        if (v instanceof float[] f) {
            b.setType(StateArray.Type.FLOAT);
            for (float x : f) {
                b.addFloats(x);
            }
        } else if (v instanceof double[] d) {
            b.setType(StateArray.Type.DOUBLE);
            for (double x : d) {
                b.addDoubles(x);
            }
        } else if (v instanceof int[] i) {
            b.setType(StateArray.Type.INT);
            for (int x : i) {
                b.addInts(x);
            }
        } else if (v instanceof long[] l) {
            b.setType(StateArray.Type.LONG);
            for (long x : l) {
                b.addLongs(x);
            }
        } else {
            b.setType(StateArray.Type.BOOL);
            for (boolean x : (boolean[]) v) {
                b.addBools(x);
            }
        }
        return b.build();
    }

    private static Object values(StateArray a) {
        return switch (a.getType()) {
            case FLOAT -> {
                float[] v = new float[a.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getFloats(i);
                }
                yield v;
            }
            case DOUBLE -> a.getDoublesList().stream().mapToDouble(Double::doubleValue).toArray();
            case INT -> a.getIntsList().stream().mapToInt(Integer::intValue).toArray();
            case LONG -> a.getLongsList().stream().mapToLong(Long::longValue).toArray();
            case BOOL -> {
                boolean[] v = new boolean[a.getBoolsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getBools(i);
                }
                yield v;
            }
            case UNRECOGNIZED -> throw new IllegalArgumentException("model state '" + a.getName() + "' has an unknown type");
        };
    }
}
