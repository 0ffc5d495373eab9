package org.lamina.neurons.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.Split;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamValues;
import org.lamina.sim.model.ModelDescriptor;

/** The catalogue: every model's declarations read back what they made, and the trace parameters come from them. */
class ModelsTest {
    /** A multi-task dataset, so that every parameter of every model can be given. */
    static final ModelContext CONTEXT = new ModelContext(
            new DatasetShape("toy", Split.TRAIN, 4, 2, 3, List.of("left", "right"), 50), 7, 8);

    /** Values for the parameters without a default. */
    static final Map<String, Object> REQUIRED = Map.of("steps-per-presentation", 5L, "epochs", 3L,
            "features-from", "hidden", "labels-from", "labels", "error-from", "out");

    static List<ModelType<?>> types() {
        return Models.ALL;
    }

    /** Every parameter that applies, given or defaulted. */
    static ParamValues defaults(ModelType<?> type) {
        ParamValues v = new ParamValues();
        for (Param<?> p : type.params()) {
            if (p.appliesTo(v)) {
                Object value = p.required() ? REQUIRED.get(p.key()) : p.fallback(v, CONTEXT);
                if (value != null) {
                    v.put(p.key(), value);
                }
            }
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("types")
    void aDescriptorsValuesMakeTheSameDescriptor(ModelType<?> type) {
        ModelDescriptor d = type.create(defaults(type), CONTEXT);
        assertEquals(type.name(), d.name());
        assertSame(type, Models.of(d));
        ParamValues back = type.values(d);
        assertEquals(defaults(type).asMap(), back.asMap(), "the getters read back what the factory was given");
        assertEquals(d, type.create(back, CONTEXT));
        // Trace parameters: snake-case keys of exactly the values that apply.
        Set<String> keys = new HashSet<>();
        back.asMap().keySet().forEach(k -> keys.add(k.replace('-', '_')));
        assertEquals(keys, d.params().keySet());
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyParameterSaysWhatItIs(ModelType<?> type) {
        assertFalse(type.summary().isBlank(), type.name());
        for (Param<?> p : type.params()) {
            assertFalse(p.doc().isBlank(), type.name() + "." + p.key() + " has no description");
            assertTrue(p.required() || p.optionalWithoutDefault() || !p.fallbackText().isBlank(), p.key());
        }
    }

    /** Parameters that apply only to one variant read back too (a Krotov layer learning from dynamics). */
    @Test
    void variantParametersReadBack() {
        ModelType<?> type = Models.named("krotov-layer").orElseThrow();
        ParamValues given = new ParamValues();
        for (Param<?> p : type.params()) {
            Object value = switch (p.key()) {
                case "activity" -> "dynamics";
                case "rate-power" -> (Object) 2.0;
                case "epochs" -> (Object) 4L;
                default -> p.appliesTo(given) ? p.fallback(given, CONTEXT) : null;
            };
            if (value != null && p.appliesTo(given)) {
                given.put(p.key(), value);
            }
        }
        assertEquals("ode", given.text("settle"), "the exact steady state needs rate-power 1");
        ModelDescriptor d = type.create(given, CONTEXT);
        assertEquals(given.asMap(), type.values(d).asMap());
        assertEquals("dynamics", d.params().get("activity"));
        assertEquals("2.0", d.params().get("rate_power"));
    }

    @Test
    void namesAreUniqueAndAllTheScenarioModels() {
        assertEquals(List.of("pattern-input", "dataset-input", "krotov-hopfield", "krotov-layer", "softhebb-layer",
                "lif-inhibition", "soft-wta", "hard-wta", "readout", "supervised-layer", "softmax-output", "bu-td-layer"),
                Models.names());
        assertEquals(Models.names().size(), new HashSet<>(Models.names()).size());
    }

    @Test
    void defaultsDependOnEarlierParametersAndTheRun() {
        ParamValues sgd = new ParamValues().put("optimizer", "sgd");
        ParamValues adam = new ParamValues().put("optimizer", "adam");
        Param<?> lr = Models.named("supervised-layer").orElseThrow().params().stream()
                .filter(p -> p.key().equals("lr")).findFirst().orElseThrow();
        assertEquals(0.1, lr.fallback(sgd, CONTEXT));
        assertEquals(1e-3, lr.fallback(adam, CONTEXT));
        Param<?> perEpoch = Models.named("krotov-layer").orElseThrow().params().stream()
                .filter(p -> p.key().equals("examples-per-epoch")).findFirst().orElseThrow();
        assertEquals(56L, perEpoch.fallback(new ParamValues(), CONTEXT), "50 examples in minibatches of 8: 7 minibatches");
    }

    @Test
    void theReferenceListsEveryParameter() {
        String md = ModelReference.markdown();
        for (ModelType<?> t : Models.ALL) {
            assertTrue(md.contains("#### `" + t.name() + "`"), t.name());
            for (Param<?> p : t.params()) {
                assertTrue(md.contains("| `" + p.key() + "` |"), t.name() + "." + p.key());
            }
        }
        assertTrue(md.contains("| `beta` | decimal | 0.01 | > 0, ≤ 1000000 | slope beta of the tanh (only when loss ="
                + " power-tanh) |"), md);
    }
}
