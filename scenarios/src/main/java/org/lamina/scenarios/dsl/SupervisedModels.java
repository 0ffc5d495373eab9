package org.lamina.scenarios.dsl;

import java.util.List;
import java.util.Locale;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.supervised.BuTdLayer;
import org.lamina.neurons.supervised.Optimiser;
import org.lamina.neurons.supervised.SoftmaxOutput;
import org.lamina.neurons.supervised.SupervisedLayer;
import org.lamina.neurons.supervised.SupervisedRule;
import org.lamina.sim.model.ModelDescriptor;

/**
 * The supervised-network models of {@link ModelCatalog} ({@code supervised-layer}, {@code softmax-output},
 * {@code bu-td-layer}; docs/supervised.md): their keys are the descriptors' parameter names in kebab case, and keys
 * that do not apply to the chosen rule or optimiser are not read, so writing one is an error.
 */
final class SupervisedModels {
    private static final List<String> RULES = List.of("bp", "fa", "dfa", "sign-symmetry", "counter-hebb");

    private SupervisedModels() {
    }

    static ModelDescriptor read(String model, Section s, DatasetShape data, int batch) {
        if (model.equals("bu-td-layer")) {
            boolean separate = s.choice("td-weights", "shared", List.of("shared", "separate")).equals("separate");
            String errorFrom = s.string("error-from");
            return new BuTdLayer(separate, errorFrom, s.string("task-from", errorFrom), s.bool("propagate-error", true),
                    s.bool("bias", true), optimiser(s, data, batch), s.string("learn-phase", "supervised"));
        }
        SupervisedRule rule = rule(s);
        Optimiser optimiser = optimiser(s, data, batch);
        String learnPhase = s.string("learn-phase", "supervised");
        if (model.equals("supervised-layer")) {
            return new SupervisedLayer(
                    Activation.valueOf(s.choice("activation", "relu", List.of("relu", "tanh", "identity"))
                            .toUpperCase(Locale.ROOT)),
                    rule, s.string("error-from"), s.bool("propagate-error", true), s.bool("bias", true), optimiser,
                    learnPhase);
        }
        SoftmaxOutput out = new SoftmaxOutput(rule, s.string("labels-from"),
                BatchReduction.valueOf(s.choice("batch-reduction", "mean", List.of("mean", "sum")).toUpperCase(Locale.ROOT)),
                rule.tracksBackpropAngle() ? (int) s.integer("angle-every", 0, 0, Integer.MAX_VALUE) : 0,
                s.bool("bias", true), optimiser, learnPhase);
        if (s.has("tasks-from")) {
            if (data == null || data.taskNames().isEmpty()) {
                throw s.fail("tasks-from", "accuracy per task needs a multi-task dataset (such as multi-mnist)"
                        + (data == null ? "" : "; " + data.name() + " has no tasks"));
            }
            out = out.withTasks(s.string("tasks-from"), data.taskNames());
        }
        return out;
    }

    private static SupervisedRule rule(Section s) {
        SupervisedRule.Rule r = SupervisedRule.Rule.parse(s.choice("rule", "bp", RULES));
        boolean separate = r == SupervisedRule.Rule.COUNTER_HEBB
                && s.choice("td-weights", "shared", List.of("shared", "separate")).equals("separate");
        double scale = r == SupervisedRule.Rule.SIGN_SYMMETRY ? s.decimal("sign-scale", 1.0, Double.MIN_VALUE, 1e6) : 1.0;
        return new SupervisedRule(r, separate, scale);
    }

    private static Optimiser optimiser(Section s, DatasetShape data, int batch) {
        Optimiser.Kind kind = Optimiser.Kind.valueOf(s.choice("optimizer", "adam", List.of("adam", "sgd"))
                .toUpperCase(Locale.ROOT));
        double lr = s.decimal("lr", kind == Optimiser.Kind.ADAM ? 1e-3 : 0.1, Double.MIN_VALUE, 1e6);
        double decay = s.decimal("lr-decay", 1.0, Double.MIN_VALUE, 1.0);
        long perEpoch = s.integer("examples-per-epoch", ModelCatalog.examplesPerEpoch(data, batch), 1, Long.MAX_VALUE / 2);
        boolean adam = kind == Optimiser.Kind.ADAM;
        return new Optimiser(kind, lr, decay, perEpoch,
                adam ? s.decimal("beta1", 0.9, 0, 0.999999) : 0.9,
                adam ? s.decimal("beta2", 0.999, 0, 0.999999999) : 0.999,
                adam ? s.decimal("adam-eps", 1e-8, Double.MIN_VALUE, 1) : 1e-8);
    }
}
