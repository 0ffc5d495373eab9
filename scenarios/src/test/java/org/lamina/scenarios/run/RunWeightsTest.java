package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.ProjectionInfo;
import org.lamina.proto.TraceRecord;
import org.lamina.proto.WeightSnapshot;
import org.lamina.sim.trace.TraceFileWriter;
import org.lamina.sim.trace.TraceReader;

/** Weights read back from a hand-built trace: a snapshot whose shape does not fit its values is refused. */
class RunWeightsTest {

    @TempDir
    Path dir;

    private Path trace(WeightSnapshot... snapshots) throws IOException {
        Path p = dir.resolve("w" + snapshots.length + ".trace");
        try (TraceFileWriter w = TraceFileWriter.create(p)) {
            w.write(TraceRecord.newBuilder().setHeader(Header.newBuilder().setSchemaVersion(TraceReader.SCHEMA_VERSION)
                    .addPopulations(PopulationInfo.newBuilder().setId(0).setName("a").setSize(3))
                    .addPopulations(PopulationInfo.newBuilder().setId(1).setName("b").setSize(2))
                    .addProjections(ProjectionInfo.newBuilder().setId(0).setSource(0).setTarget(1))).build());
            long step = 0;
            for (WeightSnapshot s : snapshots) {
                w.write(TraceRecord.newBuilder().setFrame(Frame.newBuilder().setStep(step++).setWeights(s)).build());
            }
        }
        return p;
    }

    private static WeightSnapshot snapshot(int rows, int cols, float... values) {
        WeightSnapshot.Builder b = WeightSnapshot.newBuilder().setProjection(0).setRows(rows).setCols(cols);
        for (float v : values) {
            b.addValues(v);
        }
        return b.build();
    }

    @Test
    void theLatestSnapshotIsReadBack() throws IOException {
        RunWeights.Snapshot s = RunWeights.latest(trace(snapshot(2, 3, 1, 2, 3, 4, 5, 6), snapshot(2, 3, 6, 5, 4, 3, 2, 1)),
                "a", "b");
        assertEquals(1, s.step());
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, s.values());
    }

    @Test
    void aSnapshotWhoseShapeDoesNotFitItsValuesIsRefusedNamingTheRecord() throws IOException {
        Path p = trace(snapshot(2, 3, 1, 2, 3, 4, 5, 6), snapshot(-1, -1, 7));
        IOException e = assertThrows(IOException.class, () -> RunWeights.latest(p, "a", "b"));
        assertTrue(e.getMessage().equals(p + ": record 3 (weights frame at step 1): weights-0: holds 1 values for "
                + "4294967295 x 4294967295"), e.getMessage());
    }
}
