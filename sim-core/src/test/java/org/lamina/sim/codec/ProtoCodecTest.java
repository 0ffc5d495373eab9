package org.lamina.sim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.proto.PopulationFailure;
import org.lamina.proto.ProjectionDelivery;
import org.lamina.proto.SpikeSet;
import org.lamina.proto.WindowDone;
import org.lamina.proto.WindowGrant;
import org.lamina.sim.engine.Coordinator;
import org.lamina.sim.engine.PopulationActor;
import org.lamina.sim.event.DenseEmission;
import org.lamina.sim.event.Delivery;
import org.lamina.sim.event.Emission;
import org.lamina.sim.event.SpikeEmission;
import org.lamina.sim.trace.TraceFrame;

/** Every cross-population message survives record → proto → bytes → proto → record unchanged. */
class ProtoCodecTest {
    private static final Random RANDOM = new Random(20261123);

    static SpikeEmission randomSpikes(long step) {
        int batch = 1 + RANDOM.nextInt(5);
        int size = 1 + RANDOM.nextInt(3000);
        int[] offsets = new int[batch + 1];
        List<Integer> all = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < size; i++) {
                if (RANDOM.nextDouble() < 0.05) {
                    all.add(i);
                }
            }
            offsets[b + 1] = all.size();
        }
        return new SpikeEmission(step, batch, offsets, all.stream().mapToInt(Integer::intValue).toArray());
    }

    static DenseEmission randomDense(long step) {
        int batch = 1 + RANDOM.nextInt(4);
        int width = 1 + RANDOM.nextInt(50);
        float[] v = new float[batch * width];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) RANDOM.nextGaussian();
        }
        v[0] = Float.NaN;
        return new DenseEmission(step, batch, width, v, RANDOM.nextInt(3));
    }

    @RepeatedTest(20)
    void deliveriesRoundTrip() throws InvalidProtocolBufferException {
        List<Emission> es = new ArrayList<>();
        for (long s = 10; s < 14; s++) {
            es.add(RANDOM.nextBoolean() ? randomSpikes(s) : randomDense(s));
        }
        Delivery d = new Delivery(3, 5, 14, es);
        ProjectionDelivery wire = ProjectionDelivery.parseFrom(ProtoCodec.toProto(d).toByteArray());
        assertEquals(d, ProtoCodec.fromProto(wire));
    }

    @Test
    void anEmptyDeliveryRoundTrips() throws InvalidProtocolBufferException {
        Delivery d = new Delivery(0, 0, 1, List.of());
        assertEquals(d, ProtoCodec.fromProto(ProjectionDelivery.parseFrom(ProtoCodec.toProto(d).toByteArray())));
    }

    @Test
    void spikeIndicesAreDeltaEncodedPerExample() {
        SpikeEmission s = new SpikeEmission(4, 2, new int[] {0, 3, 5}, new int[] {2, 7, 8, 0, 1000});
        SpikeSet p = ProtoCodec.toProto(s);
        assertEquals(List.of(3, 2), p.getCountsList());
        assertEquals(List.of(2, 5, 1, 0, 1000), p.getIndexDeltasList());
        assertEquals(s, ProtoCodec.fromProto(4, p));
    }

    @Test
    void inconsistentSpikeSetsAreRejected() {
        SpikeSet bad = SpikeSet.newBuilder().setBatch(2).addCounts(1).addCounts(2).addIndexDeltas(1).build();
        assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(0, bad));
    }

    /** uint32 fields near 2^32 read as negative ints: they must be refused as such, not index arrays. */
    @Test
    void spikeSetsWithHugeOrOverflowingFieldsAreRejectedWithAReason() {
        List<SpikeSet> bad = List.of(
                SpikeSet.newBuilder().setBatch(-1).addCounts(0).build(),
                // counts of 2^32 - 1 and 2: their int sum would be 1, matching the one index
                SpikeSet.newBuilder().setBatch(2).addCounts(-1).addCounts(2).addIndexDeltas(5).build(),
                SpikeSet.newBuilder().setBatch(1).addCounts(2).addIndexDeltas(Integer.MAX_VALUE).addIndexDeltas(1).build(),
                SpikeSet.newBuilder().setBatch(1).addCounts(1).addIndexDeltas(-1).build(),
                SpikeSet.newBuilder().setBatch(0).build());
        List<String> why = List.of("1 counts for batch 4294967295", "counts sum to 4294967297 but holds 1 indices",
                "neuron index 2147483648 of example 0 does not fit an int", "neuron index 4294967295 of example 0",
                "batch must be >= 1");
        for (int i = 0; i < bad.size(); i++) {
            SpikeSet s = bad.get(i);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtoCodec.fromProto(0, s));
            assertTrue(e.getMessage().contains(why.get(i)), e.getMessage());
        }
    }

    @Test
    void controlMessagesRoundTrip() throws InvalidProtocolBufferException {
        PopulationActor.Grant g = new PopulationActor.Grant(12, 36, 3);
        assertEquals(g, ProtoCodec.fromProto(WindowGrant.parseFrom(ProtoCodec.toProto(g).toByteArray())));

        PopulationActor.PhaseChange phase = new PopulationActor.PhaseChange(
                new Phase("unsupervised", PhaseKind.UNSUPERVISED, new TreeSet<>(List.of(0, 3))), true, 400);
        assertEquals(phase, ProtoCodec.fromProto(org.lamina.proto.PhaseChange.parseFrom(ProtoCodec.toProto(phase).toByteArray())));

        Coordinator.PopulationFailed f = new Coordinator.PopulationFailed(2, "hidden", 77, "NaN in h");
        assertEquals(f, ProtoCodec.fromProto(PopulationFailure.parseFrom(ProtoCodec.toProto(f).toByteArray())));

        Coordinator.WindowDone done = new Coordinator.WindowDone(1, 9, allFrameKinds(), 123);
        assertEquals(done, ProtoCodec.fromProto(WindowDone.parseFrom(ProtoCodec.toProto(done).toByteArray())));
    }

    @Test
    void everyTraceFrameKindRoundTrips() throws InvalidProtocolBufferException {
        for (TraceFrame f : allFrameKinds()) {
            assertEquals(f, ProtoCodec.fromProto(org.lamina.proto.Frame.parseFrom(ProtoCodec.toProto(f).toByteArray())));
        }
    }

    static List<TraceFrame> allFrameKinds() {
        return List.of(
                new TraceFrame.Spikes(1, randomSpikes(5)),
                new TraceFrame.State(1, "h", 5, 2, new int[] {0, 4, 9}, new float[] {1, 2, 3, -4, 5.5f, 6}),
                new TraceFrame.Weights(0, 5, 2, 3, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}),
                new TraceFrame.Weights(1, 5, 2, 3, new float[] {1, 2, 3, 4, 5, 6},
                        new java.util.TreeMap<>(java.util.Map.of("bias", new float[] {0.5f, -1}, "feature-scale",
                                new float[] {1, 2, 3}))),
                new TraceFrame.Metric("active_units", 5, 17, 1),
                new TraceFrame.Metric("accuracy", 5, 0.93, -1),
                new TraceFrame.Metric("winner", 5, 12, 1, 3),
                new TraceFrame.Phase("unsupervised", 5, true, "unsupervised", List.of(0, 2)),
                new TraceFrame.Trajectory(1, "h", 5, 3, 0.5, new int[] {4, 9}, 3, new float[] {0, 0, 0.1f, 0.2f, 0.15f, 0.3f}));
    }
}
