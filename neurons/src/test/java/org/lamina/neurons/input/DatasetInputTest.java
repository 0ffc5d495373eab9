package org.lamina.neurons.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.Phase;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.PopulationModel;
import org.lamina.sim.rng.CounterRng;

/** What a dataset input presents in each kind of phase, and that image and label inputs stay in step. */
class DatasetInputTest {
    /** 6 training images of 2 pixels whose pixels encode their index; labels = index % 3. */
    static final ArrayExamples TRAIN = dataset(Split.TRAIN, 6, 0);
    /** 5 test images, pixels 100 + index. */
    static final ArrayExamples TEST = dataset(Split.TEST, 5, 100);
    static final int BATCH = 4;

    static ArrayExamples dataset(Split split, int n, int offset) {
        float[] images = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            images[2 * i] = offset + i;
            images[2 * i + 1] = offset + i;
            labels[i] = i % 3;
        }
        return new ArrayExamples(new DatasetShape("toy", split, 2, 1, 3, List.of(), n), images, labels, null);
    }

    /** Captures the dense emission of each step (null: nothing emitted). */
    static final class Capture implements Emitter {
        float[] dense;

        @Override
        public void spikes(int[] offsets, int[] indices) {
        }

        @Override
        public void dense(float[] values, int width) {
            dense = values.clone();
        }

        @Override
        public void metric(String name, double value) {
        }

        @Override
        public void metric(String name, int example, double value) {
        }
    }

    static PopulationModel model(DatasetInput.Emit emit, boolean shuffle) {
        DatasetInput in = DatasetInput.presenting(TRAIN, TEST, emit, 2, shuffle, false, 7,
                Map.of("learn", new DatasetInput.PhasePlan(2, false), "test", new DatasetInput.PhasePlan(1, true)));
        return in.create(new PopulationContext(0, "in", in.width(), BATCH, 1.0, CounterRng.stream(1, CounterRng.POPULATION, 0),
                List.of()));
    }

    static List<float[]> run(PopulationModel m, String name, int steps) {
        Phase phase = Phase.fixed(name, name.equals("test") ? PhaseKind.TEST : PhaseKind.UNSUPERVISED);
        m.phase(phase, true);
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            Capture c = new Capture();
            m.step(1000 + s, () -> List.of(), c);
            out.add(c.dense);
        }
        m.phase(phase, false);
        return out;
    }

    @Test
    void aTestPhasePresentsTheTestSplitOnceInOrderPaddedWithZeros() {
        List<float[]> steps = run(model(DatasetInput.Emit.IMAGES, true), "test", 8);
        // Steps per presentation 2: presentations at steps 0 and 2 of the phase, then silence.
        assertArrayEquals(new float[] {100, 100, 101, 101, 102, 102, 103, 103}, steps.get(0));
        assertNull(steps.get(1));
        assertArrayEquals(new float[] {104, 104, 0, 0, 0, 0, 0, 0}, steps.get(2));
        for (int s = 3; s < 8; s++) {
            assertNull(steps.get(s), "silent after its one pass, step " + s);
        }
        List<float[]> labels = run(model(DatasetInput.Emit.LABELS, true), "test", 4);
        // One-hot rows of labels i % 3; the padding rows are all zero.
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, labels.get(0));
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, labels.get(2));
    }

    @Test
    void aTrainingPhasePresentsItsEpochsShuffledThenFallsSilent() {
        List<float[]> steps = run(model(DatasetInput.Emit.IMAGES, true), "learn", 12);
        // 2 epochs of ceil(6 / 4) = 2 minibatches, every 2 steps: 4 presentations, 16 examples.
        List<Integer> seen = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            if (s % 2 == 1 || s >= 8) {
                assertNull(steps.get(s), "step " + s);
                continue;
            }
            for (int b = 0; b < BATCH; b++) {
                seen.add((int) steps.get(s)[2 * b]);
            }
        }
        assertEquals(16, seen.size());
        // Each epoch is one permutation of the 6 examples, its second minibatch filled up with the
        // first 2 examples of the same permutation.
        List<Integer> firstPass = new ArrayList<>(seen.subList(0, 6));
        List<Integer> secondPass = new ArrayList<>(seen.subList(8, 14));
        assertEquals(seen.subList(0, 2), seen.subList(6, 8));
        assertEquals(seen.subList(8, 10), seen.subList(14, 16));
        assertEquals(false, firstPass.equals(secondPass), "each pass has its own permutation");
        firstPass.sort(null);
        secondPass.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), firstPass);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), secondPass);
    }

    @Test
    void imageAndLabelInputsOfOneRunPresentTheSameExamples() {
        PopulationModel images = model(DatasetInput.Emit.IMAGES, true);
        PopulationModel labels = model(DatasetInput.Emit.LABELS, true);
        for (String phase : List.of("learn", "test", "learn")) {
            List<float[]> x = run(images, phase, 10);
            List<float[]> y = run(labels, phase, 10);
            for (int s = 0; s < 10; s++) {
                assertEquals(x.get(s) == null, y.get(s) == null);
                if (x.get(s) == null) {
                    continue;
                }
                for (int b = 0; b < BATCH; b++) {
                    float pixel = x.get(s)[2 * b];
                    boolean padding = phase.equals("test") && pixel == 0;
                    for (int k = 0; k < 3; k++) {
                        float expected = !padding && k == ((int) pixel % 100) % 3 ? 1 : 0;
                        assertEquals(expected, y.get(s)[b * 3 + k], phase + " step " + s + " example " + b);
                    }
                }
            }
        }
    }

    @Test
    void aMultiTaskDatasetCanBePresentedAsTasksOrAsPixelsFollowedByTheTask() {
        // Toy tasks: example i has task i % 2 (of "even", "odd").
        int[] tasks = {0, 1, 0, 1, 0, 1};
        ArrayExamples multi = new ArrayExamples(new DatasetShape("toy-tasks", Split.TRAIN, 2, 1, 3, List.of("even", "odd"),
                6), TRAIN.images(), TRAIN.labels(), tasks);
        Map<String, DatasetInput.PhasePlan> plans = Map.of("learn", new DatasetInput.PhasePlan(1, false));
        DatasetInput taskInput = DatasetInput.presenting(multi, null, DatasetInput.Emit.TASKS, 1, true, false, 7, plans);
        DatasetInput both = DatasetInput.presenting(multi, null, DatasetInput.Emit.IMAGES_AND_TASKS, 1, true, false, 7, plans);
        assertEquals(2, taskInput.width());
        assertEquals(4, both.width());
        assertEquals("images-and-tasks", both.params().get("emit"));
        List<float[]> t = run(taskInput.create(new PopulationContext(0, "task", 2, BATCH, 1.0,
                CounterRng.stream(1, CounterRng.POPULATION, 0), List.of())), "learn", 2);
        List<float[]> x = run(both.create(new PopulationContext(0, "x", 4, BATCH, 1.0,
                CounterRng.stream(1, CounterRng.POPULATION, 0), List.of())), "learn", 2);
        for (int s = 0; s < 2; s++) {
            for (int b = 0; b < BATCH; b++) {
                int example = (int) x.get(s)[4 * b];
                int task = example % 2;
                assertEquals(example, x.get(s)[4 * b + 1]);
                assertEquals(task == 0 ? 1f : 0f, x.get(s)[4 * b + 2], "step " + s + " example " + b);
                assertEquals(task == 1 ? 1f : 0f, x.get(s)[4 * b + 3]);
                // The task input of the same run presents the same examples.
                assertEquals(task == 0 ? 1f : 0f, t.get(s)[2 * b]);
                assertEquals(task == 1 ? 1f : 0f, t.get(s)[2 * b + 1]);
            }
        }
        IllegalArgumentException noTasks = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DatasetInput.presenting(TRAIN, null, DatasetInput.Emit.TASKS, 1, true, false, 7, plans));
        assertEquals("emit = tasks needs a multi-task dataset (such as multi-mnist); toy has no tasks",
                noTasks.getMessage());
    }
}
