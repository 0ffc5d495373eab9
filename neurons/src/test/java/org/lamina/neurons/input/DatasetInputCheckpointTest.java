package org.lamina.neurons.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.neurons.testing.ResumeCheck;
import org.lamina.sim.model.ModelState;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.rng.CounterRng;

/**
 * A dataset input restored from a checkpoint goes on presenting what it would have: the same
 * shuffled order, the same Poisson spikes of the presentation under way, the same phase plans.
 */
class DatasetInputCheckpointTest {
    static final int BATCH = 4;

    /** 10 training images of 3 pixels in (0, 1); 5 test images. */
    static ArrayExamples data(Split split, int n) {
        float[] images = new float[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                images[3 * i + j] = (i * 3 + j + 1) / (3f * n + 1);
            }
            labels[i] = i % 3;
        }
        return new ArrayExamples(new DatasetShape("toy", split, 3, 1, 3, List.of(), n), images, labels, null);
    }

    static final Phase STREAM = Phase.fixed("warm-up", PhaseKind.RUN);
    static final Phase LEARN = Phase.fixed("learn", PhaseKind.UNSUPERVISED);
    static final Phase TEST = Phase.fixed("test", PhaseKind.TEST);

    /** A poisson-coded image input, 3 steps a presentation, spikes on 2 of them, reshuffled each pass. */
    static ResumeCheck check(DatasetInput.Emit emit, DatasetInput.Encoding encoding) {
        DatasetInput input = DatasetInput.presenting(data(Split.TRAIN, 10), data(Split.TEST, 5), emit, 3, true, true, 11,
                Map.of("learn", new DatasetInput.PhasePlan(2, false), "test", new DatasetInput.PhasePlan(1, true)));
        DatasetInput in = encoding == DatasetInput.Encoding.ANALOG ? input : input.withEncoding(encoding, 2);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            ResumeCheck.Step step = ResumeCheck.Step.of(s, List.of());
            // 10 stream steps, 3 passes of 3 minibatches in the learn phase (27 steps and a silent one), then the test split
            step = switch (s) {
                case 0 -> step.beginning(STREAM);
                case 10 -> step.ending(STREAM).beginning(LEARN);
                case 38 -> step.ending(LEARN).beginning(TEST);
                default -> step;
            };
            script.add(step);
        }
        return new ResumeCheck(() -> in.create(new PopulationContext(0, "in", in.width(), BATCH, 1.0,
                CounterRng.stream(11, CounterRng.POPULATION, 0), List.of())), BATCH, script);
    }

    @Test
    void poissonImagesResumeExactlyAnywhere() {
        ResumeCheck check = check(DatasetInput.Emit.IMAGES, DatasetInput.Encoding.POISSON);
        // In the stream, mid presentation; at the phase change; mid pass of the learn phase; in the test phase.
        for (int at : new int[] {4, 10, 17, 23, 44}) {
            check.resumesExactlyAfter(at);
        }
        // Mid presentation of the learn phase's second pass: every name but the stream's bookkeeping shows.
        assertEquals(Set.of(), check.namesNotShownNeeded(17));
    }

    @Test
    void labelsResumeExactly() {
        ResumeCheck check = check(DatasetInput.Emit.LABELS, DatasetInput.Encoding.ANALOG);
        for (int at : new int[] {5, 20, 40}) {
            check.resumesExactlyAfter(at);
        }
    }

    @Test
    void aStateWithoutItsCountersIsRefused() {
        ResumeCheck check = check(DatasetInput.Emit.IMAGES, DatasetInput.Encoding.POISSON);
        ModelState saved = check.resumesExactlyAfter(17);
        check.refusesStateWithout(saved, "train_batches");
        check.refusesStateWithout(saved, "presented");
    }
}
