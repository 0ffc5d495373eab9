package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ScriptedDense;

/**
 * An output told each example's task splits {@code correct} and {@code examples} by task,
 * minibatch by minibatch: task rows pair with the minibatch they came with, padding counts
 * nowhere. The output's weights are the identity, so it predicts the class its input names.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@Timeout(60)
class SoftmaxOutputTasksTest {
    static final int CLASSES = 3;
    static final int BATCH = 4;

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    /** One-hot rows of {@code classes} ({@code -1}: an all-zero row). */
    static float[] rows(int width, int... classes) {
        float[] x = new float[classes.length * width];
        for (int b = 0; b < classes.length; b++) {
            if (classes[b] >= 0) {
                x[b * width + classes[b]] = 1;
            }
        }
        return x;
    }

    @Test
    void eachMinibatchIsCountedUnderTheTasksOfItsOwnExamples() {
        // Minibatch 1: all left, 3 of 4 right. 2: all right, one padding row, 2 of 3 right.
        // 3: left, right, left, right; the right-task example at position 1 is wrong.
        List<float[]> inputs = List.of(rows(CLASSES, 0, 1, 2, 0), rows(CLASSES, 1, 1, 2, 0), rows(CLASSES, 0, 0, 1, 2));
        List<float[]> labels = List.of(rows(CLASSES, 0, 1, 2, 1), rows(CLASSES, 1, 2, -1, 0), rows(CLASSES, 0, 1, 1, 2));
        List<float[]> tasks = List.of(rows(2, 0, 0, 0, 0), rows(2, 1, 1, 1, 1), rows(2, 0, 1, 0, 1));
        float[] identity = new float[CLASSES * CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            identity[k * CLASSES + k] = 1;
        }
        SoftmaxOutput out = SoftmaxOutput.of(SupervisedRule.of(SupervisedRule.Rule.BP), "labels", Optimiser.sgd(0.1))
                .withTasks("task", List.of("left", "right"));
        NetworkSpec spec = new NetworkSpec(List.of(
                new PopulationSpec("input", CLASSES, BATCH, new ScriptedDense(CLASSES, 1, inputs)),
                new PopulationSpec("labels", CLASSES, BATCH, new ScriptedDense(CLASSES, 1, labels)),
                new PopulationSpec("task", 2, BATCH, new ScriptedDense(2, 1, tasks)),
                new PopulationSpec("out", CLASSES, BATCH, out)), List.of(
                new ProjectionSpec("input", "out", 1, WeightInit.given(identity, "identity"), out.TYPE.plasticity(out)),
                new ProjectionSpec("labels", "out", 1, null),
                new ProjectionSpec("task", "out", 1, null)), 1.0, 1);
        TestNetworks.Run run = TestNetworks.run(testKit.system(), spec, null, 6, TestNetworks.JAVA, Set.of());
        assertEquals(List.of(3.0, 2.0, 3.0), run.metric("correct"));
        assertEquals(List.of(4.0, 3.0, 4.0), run.metric("examples"));
        assertEquals(List.of(3.0, 0.0, 2.0), run.metric("correct[left]"));
        assertEquals(List.of(4.0, 0.0, 2.0), run.metric("examples[left]"));
        assertEquals(List.of(0.0, 2.0, 1.0), run.metric("correct[right]"));
        assertEquals(List.of(0.0, 3.0, 2.0), run.metric("examples[right]"));
    }
}
