package org.lamina.scenarios.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.lamina.proto.Footer;
import org.lamina.proto.Frame;
import org.lamina.proto.Header;
import org.lamina.proto.KernelBackend;
import org.lamina.proto.Metric;
import org.lamina.proto.Param;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.Provenance;
import org.lamina.proto.SpikeFrame;
import org.lamina.proto.SpikeSet;
import org.lamina.proto.TraceRecord;
import org.lamina.proto.WeightSnapshot;

/** What the golden comparison treats as equal, as tolerated noise and as a change, and how it says so. */
class TraceComparisonTest {

    private static final String SCENARIO = "name = \"g\"\nseed = 1\nnetwork { populations { kh { size = 4, model = \"krotov-hopfield\", tau-ms = 10.0 } } }\n";

    private static Header header(String scenario, String lamina, String device) {
        return Header.newBuilder().setSchemaVersion(1).setLaminaVersion(lamina).setScenarioName("g").setScenario(scenario)
                .setSeed(1).setDtMs(0.5).setWindowSteps(1)
                .addPopulations(PopulationInfo.newBuilder().setId(0).setName("kh").setModel("krotov-hopfield").setSize(4)
                        .setBatch(1).addParams(Param.newBuilder().setKey("tau_ms").setValue("10.0"))
                        .addStateVariables("h"))
                .setBackend(KernelBackend.newBuilder().setRequested("java").setBackend("java").setDevice(device))
                .setProvenance(Provenance.newBuilder().setCpuModel(device)).build();
    }

    private static List<TraceRecord> trace(UnaryOperator<Header> header, float weight, int spikeDelta, double correct) {
        List<TraceRecord> r = new ArrayList<>();
        r.add(TraceRecord.newBuilder().setHeader(header.apply(header(SCENARIO, "0.1.0", "cpu, 2 threads"))).build());
        r.add(frame(Frame.newBuilder().setStep(3).setSpikes(SpikeFrame.newBuilder().setPopulation(0)
                .setSpikes(SpikeSet.newBuilder().setBatch(1).addCounts(2).addIndexDeltas(1).addIndexDeltas(spikeDelta))).build()));
        r.add(frame(Frame.newBuilder().setStep(4).setWeights(WeightSnapshot.newBuilder().setProjection(0).setRows(2)
                .setCols(2).addValues(0.5f).addValues(-0.25f).addValues(0.125f).addValues(weight)).build()));
        r.add(frame(Frame.newBuilder().setStep(4).setMetric(Metric.newBuilder().setName("correct[left]").setValue(correct)
                .setPopulation(0)).build()));
        r.add(TraceRecord.newBuilder().setFooter(Footer.newBuilder().setStatus(Footer.Status.COMPLETED).setStepsCompleted(5)
                .setFrames(3).setSpikeEvents(2)).build());
        return r;
    }

    private static TraceRecord frame(Frame f) {
        return TraceRecord.newBuilder().setFrame(f).build();
    }

    private static TraceComparison.Result compare(List<TraceRecord> expected, List<TraceRecord> actual) {
        return TraceComparison.compare(expected.iterator(), actual.iterator());
    }

    private static final List<TraceRecord> GOLDEN = trace(h -> h, 2.0f, 2, 7);

    @Test
    void machineDescriptionsFileFormatAndRoundingNoiseAreNotChanges() {
        List<TraceRecord> other = trace(h -> header(
                "# rendered another way\nname = g, seed = 1.0\nnetwork.populations.kh { tau-ms = 10, model = krotov-hopfield, size = 4 }",
                "0.2.0", "opencl on something else").toBuilder().setSchemaVersion(2).build(), 2.0f * (1 + 5e-5f), 2, 7);
        TraceComparison.Result r = compare(GOLDEN, other);
        assertTrue(r.matches(), r.describe());
        assertTrue(r.largestDeviation() > 1e-5 && r.largestAt().contains("values[1][1]"), r.deviation());
    }

    @Test
    void aWeightBeyondToleranceIsNamedWithItsRecordFieldAndBothValues() {
        TraceComparison.Result r = compare(GOLDEN, trace(h -> h, 2.001f, 2, 7));
        assertEquals(List.of("record 2 (weights of projection 0 at step 4): values[1][1]: expected 2.0, actual 2.001"
                + " (1 of 4 values beyond tolerance)"), r.differences());
    }

    @Test
    void spikesAndCountsMustBeExactlyEqual() {
        TraceComparison.Result r = compare(GOLDEN, trace(h -> h, 2.0f, 3, 7 + 1e-9));
        assertEquals(2, r.differences().size(), r.describe());
        assertEquals("record 1 (spikes of population 0 at step 3): spikes of 1 of 1 examples differ; example 0: expected"
                + " neurons [1, 3], actual [1, 4]", r.differences().get(0));
        assertTrue(r.differences().get(1).startsWith("record 3 (metric correct[left] of population 0 at step 4): value (a"
                + " count, compared exactly): expected 7.0, actual 7.000000001"), r.describe());
    }

    @Test
    void aChangedScenarioEntryOrParameterIsNamed() {
        List<TraceRecord> other = trace(h -> h.toBuilder().setScenario(SCENARIO.replace("10.0", "12.0"))
                .setPopulations(0, h.getPopulations(0).toBuilder().setParams(0, Param.newBuilder().setKey("tau_ms")
                        .setValue("12.0"))).build(), 2.0f, 2, 7);
        TraceComparison.Result r = compare(GOLDEN, other);
        assertEquals(List.of("record 0 (header): scenario entry network.populations.kh.tau-ms: expected 10, actual 12",
                "record 0 (header) population 0 'kh': parameter tau_ms: expected 10.0, actual 12.0"), r.differences());
    }

    @Test
    void aMissingFrameShowsInTheCountAndAtTheFirstRecordThatNoLongerLinesUp() {
        List<TraceRecord> shorter = new ArrayList<>(GOLDEN);
        shorter.remove(1);
        TraceComparison.Result r = compare(GOLDEN, shorter);
        assertFalse(r.matches());
        assertEquals("record 1: expected spikes of population 0 at step 3, actual weights of projection 0 at step 4",
                r.differences().get(0));
        assertTrue(r.describe().contains("number of records: expected 5, actual 4"), r.describe());
    }
}
