package org.lamina.neurons.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;

/** Parameters as recorded (only those that apply), range checks, and the learning-rate schedule. */
class DescriptorsTest {

    @Test
    void paramsListOnlyWhatApplies() {
        SupervisedLayer fa = SupervisedLayer.of(Activation.TANH, SupervisedRule.of(SupervisedRule.Rule.FA), "out",
                Optimiser.sgd(0.1));
        assertEquals("{activation=tanh, bias=true, error_from=out, examples_per_epoch=1, lr=0.1, "
                + "lr_decay=1.0, optimizer=sgd, propagate_error=true, rule=fa}", fa.params().toString());
        SoftmaxOutput ch = new SoftmaxOutput(SupervisedRule.counterHebb(true), "labels", BatchReduction.SUM, 10, false,
                Optimiser.adam(1e-4).decaying(0.95, 60000));
        assertEquals("{adam_eps=1.0E-8, angle_every=10, batch_reduction=sum, beta1=0.9, beta2=0.999, bias=false, "
                + "examples_per_epoch=60000, labels_from=labels, lr=1.0E-4, lr_decay=0.95, "
                + "optimizer=adam, rule=counter-hebb, td_weights=separate}", ch.params().toString());
        SupervisedLayer ss = SupervisedLayer.of(Activation.TANH, SupervisedRule.signSymmetry(0.5), "out",
                Optimiser.sgd(0.1));
        assertEquals("sign-symmetry", ss.params().get("rule"));
        assertEquals("0.5", ss.params().get("sign_scale"));
        assertEquals(null, ss.params().get("td_weights"));
    }

    @Test
    void rejectsWhatDoesNotApplyOrIsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new SupervisedRule(SupervisedRule.Rule.FA, true, 1));
        assertThrows(IllegalArgumentException.class, () -> SupervisedRule.signSymmetry(0));
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxOutput.of(SupervisedRule.of(SupervisedRule.Rule.BP), "labels", Optimiser.sgd(1))
                        .withAngleEvery(5));
        assertThrows(IllegalArgumentException.class, () -> Optimiser.sgd(0));
        assertThrows(IllegalArgumentException.class, () -> Optimiser.sgd(0.1).decaying(1.5, 100));
        assertThrows(IllegalArgumentException.class, () -> Optimiser.sgd(0.1).decaying(0.9, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SupervisedLayer.of(Activation.RELU, SupervisedRule.of(SupervisedRule.Rule.BP), " ",
                        Optimiser.sgd(1)));
        assertThrows(IllegalArgumentException.class, () -> SupervisedRule.Rule.parse("backprop"));
        SoftmaxOutput bp = SoftmaxOutput.of(SupervisedRule.of(SupervisedRule.Rule.BP), "labels", Optimiser.sgd(1));
        assertEquals("task", bp.withTasks("task", java.util.List.of("left", "right")).params().get("tasks_from"));
        assertThrows(IllegalArgumentException.class, () -> bp.withTasks("task", java.util.List.of()),
                "task rows need task names");
        assertThrows(IllegalArgumentException.class, () -> bp.withTasks("labels", java.util.List.of("a", "b")),
                "tasks and labels from one population");
    }

    @Test
    void learningRateDecaysOncePerEpoch() {
        Optimiser o = Optimiser.adam(0.01).decaying(0.5, 100);
        assertEquals(0.01, o.rate(0), 0);
        assertEquals(0.01, o.rate(99), 0);
        assertEquals(0.005, o.rate(100), 1e-15);
        assertEquals(0.0025, o.rate(250), 1e-15);
        assertEquals(0.01, Optimiser.sgd(0.01).rate(1_000_000), 0);
    }
}
