package org.lamina.neurons.catalog;

import java.util.List;
import java.util.Optional;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.input.PatternInput;
import org.lamina.neurons.krotov.KrotovHopfield;
import org.lamina.neurons.krotov.KrotovLayer;
import org.lamina.neurons.lif.LifInhibition;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.readout.ReadoutLayer;
import org.lamina.neurons.softhebb.SoftHebbLayer;
import org.lamina.neurons.supervised.BuTdLayer;
import org.lamina.neurons.supervised.SoftmaxOutput;
import org.lamina.neurons.supervised.SupervisedLayer;
import org.lamina.neurons.wta.SoftWta;
import org.lamina.sim.model.ModelDescriptor;

/** Every population model a scenario can name, by name; a new model is one line here. */
public final class Models {
    /** In the order the reference lists them. */
    public static final List<ModelType<?>> ALL = List.of(PatternInput.TYPE, DatasetInput.TYPE, KrotovHopfield.TYPE,
            KrotovLayer.TYPE, SoftHebbLayer.TYPE, LifInhibition.TYPE, SoftWta.SOFT_TYPE, SoftWta.HARD_TYPE,
            ReadoutLayer.TYPE, SupervisedLayer.TYPE, SoftmaxOutput.TYPE, BuTdLayer.TYPE);

    private Models() {
    }

    public static List<String> names() {
        return ALL.stream().map(ModelType::name).toList();
    }

    public static Optional<ModelType<?>> named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The type that made {@code d}. */
    public static ModelType<?> of(ModelDescriptor d) {
        return ALL.stream().filter(t -> t.describes(d)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "model " + d.name() + " (" + d.getClass().getName() + ") is not in the catalogue"));
    }
}
