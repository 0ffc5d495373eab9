package org.lamina.scenarios.dsl;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.PatternInput;
import org.lamina.neurons.krotov.KrotovHopfield;
import org.lamina.neurons.krotov.KrotovLayer;
import org.lamina.neurons.lif.LifInhibition;
import org.lamina.neurons.softhebb.SoftHebbLayer;
import org.lamina.neurons.wta.SoftWta;
import org.lamina.neurons.readout.ReadoutLayer;
import org.lamina.neurons.readout.SoftmaxClassifier;
import org.lamina.sim.model.ModelDescriptor;

/**
 * The population models a scenario can name, and how their parameters are read from a
 * population's section. Parameter keys are the descriptors' own parameter names in kebab case
 * ({@code tau_ms} → {@code tau-ms}), so a rendered scenario parses back to the same models.
 */
final class ModelCatalog {
    static final List<String> MODELS = List.of("pattern-input", "dataset-input", "krotov-hopfield", "krotov-layer",
            "softhebb-layer", "lif-inhibition", "soft-wta", "hard-wta", "readout", "supervised-layer", "softmax-output",
            "bu-td-layer");

    private ModelCatalog() {
    }

    /** Reads the model named by {@code model} from the population section {@code s}; {@code data} may be null. */
    static ModelDescriptor read(Section s, DatasetShape data, long seed, int batch) {
        String model = s.choice("model", null, MODELS);
        ModelDescriptor d;
        try {
            d = switch (model) {
                case "pattern-input" -> new PatternInput(
                        PatternInput.Coding.valueOf(s.choice("coding", "analog", List.of("analog", "poisson", "regular"))
                                .toUpperCase(Locale.ROOT)),
                        (int) s.integer("steps-per-presentation", 1, Integer.MAX_VALUE),
                        s.decimal("scale", 1.0, Double.MIN_VALUE, Double.MAX_VALUE));
                case "dataset-input" -> {
                    if (data == null) {
                        throw s.fail("model", "dataset-input needs a top-level dataset { source = ..., split = ... } section");
                    }
                    yield new DatasetInput(data, null,
                            DatasetInput.Emit.of(s.choice("emit", "images",
                                    java.util.Arrays.stream(DatasetInput.Emit.values()).map(DatasetInput.Emit::label).toList())),
                            (int) s.integer("steps-per-presentation", 1, 1, Integer.MAX_VALUE), s.bool("shuffle", false),
                            s.bool("label-metrics", false), seed, Map.of());
                }
                case "readout" -> {
                    String loss = s.choice("loss", "cross-entropy", List.of("cross-entropy", "power-tanh"));
                    yield new ReadoutLayer(s.string("features-from"), s.string("labels-from"),
                            SoftmaxClassifier.Optimizer.valueOf(s.choice("optimizer", "adam", List.of("adam", "sgd"))
                                    .toUpperCase(Locale.ROOT)),
                            s.decimal("lr", 1e-3, Double.MIN_VALUE, 1e6),
                            s.decimal("lr-decay", 1.0, Double.MIN_VALUE, 1.0),
                            (int) s.integer("examples-per-epoch", examplesPerEpoch(data, batch), 1, Integer.MAX_VALUE),
                            s.string("learn-phase", "readout"),
                            loss.equals("cross-entropy") ? SoftmaxClassifier.Loss.CROSS_ENTROPY
                                    : SoftmaxClassifier.Loss.powerTanh(s.decimal("beta", 0.01, Double.MIN_VALUE, 1e6),
                                    s.decimal("power", 6, 1, 100)),
                            s.decimal("weight-decay", 0, 0, 1e6),
                            s.bool("standardise-features", false));
                }
                case "krotov-hopfield" -> {
                    KrotovHopfield k = KrotovHopfield.defaults();
                    yield new KrotovHopfield(
                            s.decimal("tau-ms", k.tauMs(), Double.MIN_VALUE, Double.MAX_VALUE),
                            s.decimal("inhibition", k.inhibition(), 0, Double.MAX_VALUE),
                            s.decimal("rate-power", k.ratePower(), 1, 16),
                            s.choice("integrator", k.integrator(), List.of("euler", "exponential-euler", "rk4")),
                            s.decimal("eps", k.eps(), Double.MIN_VALUE, Double.MAX_VALUE),
                            s.decimal("overlap-power", k.overlapPower(), 2, 16),
                            s.bool("reset-on-presentation", k.resetOnPresentation()),
                            (int) s.integer("shortcut-k", k.shortcutK(), 2, Integer.MAX_VALUE),
                            s.decimal("delta", k.delta(), 0, Double.MAX_VALUE),
                            KrotovHopfield.Output.valueOf(s.choice("output", k.output().name().toLowerCase(Locale.ROOT),
                                    List.of("none", "threshold", "rate")).toUpperCase(Locale.ROOT)),
                            s.decimal("threshold", k.threshold(), -Double.MAX_VALUE, Double.MAX_VALUE),
                            (int) s.integer("refractory-steps", k.refractorySteps(), 0, Integer.MAX_VALUE),
                            s.decimal("count-gain-per-ms", k.countGainPerMs(), 0, Double.MAX_VALUE));
                }
                case "krotov-layer" -> new KrotovLayer(
                        s.decimal("p", 3.0, 2, 16),
                        (int) s.integer("k", 7, 2, Integer.MAX_VALUE),
                        s.decimal("delta", 0.4, 0, Double.MAX_VALUE),
                        s.decimal("eps0", 0.04, Double.MIN_VALUE, Double.MAX_VALUE),
                        (int) s.integer("epochs", 1, Integer.MAX_VALUE),
                        (int) s.integer("examples-per-epoch", examplesPerEpoch(data, batch), 1, Integer.MAX_VALUE),
                        s.string("learn-phase", "unsupervised"),
                        (int) s.integer("report-every", 100, 1, Integer.MAX_VALUE),
                        KrotovLayer.Features.of(s.choice("features", "power-relu", List.of("power-relu", "relu"))),
                        s.decimal("readout-power", KrotovLayer.PAPER_READOUT_POWER, 1, 32),
                        s.bool("normalise-input", true));
                case "softhebb-layer" -> {
                    SoftHebbLayer preset = SoftHebbLayer.mnistPreset();
                    yield new SoftHebbLayer(
                            s.decimal("t-invert", preset.tInvert(), Double.MIN_VALUE, Double.MAX_VALUE),
                            s.decimal("lr", preset.lr(), Double.MIN_VALUE, Double.MAX_VALUE),
                            s.decimal("power-lr", preset.powerLr(), 0, Double.MAX_VALUE),
                            SoftHebbLayer.variantOf(s.choice("variant", "anti", List.of("soft", "hard", "anti"))),
                            s.bool("bias", preset.bias()),
                            s.decimal("radius", preset.radius(), 0, Double.MAX_VALUE),
                            s.string("learn-phase", preset.learnPhase()),
                            (int) s.integer("report-every", preset.reportEvery(), 1, Integer.MAX_VALUE),
                            SoftHebbLayer.Features.of(s.choice("features", preset.features().label(),
                                    List.of("softmax", "relu", "linear"))),
                            s.decimal("feature-t-invert", preset.featureTInvert(), Double.MIN_VALUE, Double.MAX_VALUE));
                }
                case "lif-inhibition" -> new LifInhibition(
                        s.decimal("tau-ms", 10.0, Double.MIN_VALUE, Double.MAX_VALUE),
                        s.decimal("threshold", 1.0, Double.MIN_VALUE, Double.MAX_VALUE),
                        s.decimal("inhibition", 0.0, 0, Double.MAX_VALUE),
                        (int) s.integer("refractory-steps", 2, 0, Integer.MAX_VALUE));
                case "soft-wta", "hard-wta" -> new SoftWta(
                        s.decimal("t-invert", 1.0, Double.MIN_VALUE, Double.MAX_VALUE),
                        s.bool("hard", model.equals("hard-wta")));
                case "supervised-layer", "softmax-output", "bu-td-layer" -> SupervisedModels.read(model, s, data, batch);
                default -> throw new IllegalStateException(model);
            };
        } catch (IllegalArgumentException e) {
            throw s.failHere("invalid " + model + " parameters: " + e.getMessage());
        }
        Set<String> known = new LinkedHashSet<>(List.of("size", "model"));
        known.addAll(keys(d));
        s.onlyKnown(known);
        return d;
    }

    /** Examples a training epoch presents: whole minibatches, the last filled up (DatasetInput). */
    static int examplesPerEpoch(DatasetShape data, int batch) {
        return data == null ? 1 : DatasetInput.batchesPerPass(data.size(), batch) * batch;
    }

    /** The model's parameter keys as written in scenario files. */
    static Set<String> keys(ModelDescriptor d) {
        Set<String> keys = new LinkedHashSet<>();
        for (String k : d.params().keySet()) {
            keys.add(k.replace('_', '-'));
        }
        return keys;
    }

    /** The model's parameters as HOCON fields (numbers and booleans bare, names quoted). */
    static Map<String, String> render(ModelDescriptor d) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : d.params().entrySet()) {
            String v = e.getValue();
            boolean bare = v.equals("true") || v.equals("false") || v.matches("-?[0-9][0-9.eE+-]*");
            out.put(e.getKey().replace('_', '-'), bare ? v : "\"" + v + "\"");
        }
        return out;
    }
}
