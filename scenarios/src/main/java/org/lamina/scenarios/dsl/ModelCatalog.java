package org.lamina.scenarios.dsl;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lamina.neurons.catalog.Models;
import org.lamina.neurons.params.ModelContext;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;
import org.lamina.neurons.params.ParamException;
import org.lamina.neurons.params.ParamValues;
import org.lamina.sim.model.ModelDescriptor;

/**
 * Reads and writes a population's model through the catalogue ({@link Models}): the keys of a
 * population's section are the model's declared parameters, read with their types, ranges and
 * defaults, and a model is written back from the same declarations, so a written scenario parses
 * back to the same models.
 */
final class ModelCatalog {
    private ModelCatalog() {
    }

    /**
     * Reads the model named by {@code model} from the population section {@code s}; its other keys
     * are the model's parameters and the population keys {@code size}, {@code model} and
     * {@code backend}, which the parser reads itself.
     */
    static ModelDescriptor read(Section s, ModelContext context) {
        String name = s.choice("model", null, Models.names());
        ModelType<?> type = Models.named(name).orElseThrow();
        ParamValues values = new ParamValues();
        Set<String> known = new LinkedHashSet<>(Set.of("size", "model", "backend"));
        Map<String, String> notNow = new LinkedHashMap<>();
        for (Param<?> p : type.params()) {
            if (!p.appliesTo(values)) {
                notNow.put(p.key(), p.appliesText());
                continue;
            }
            known.add(p.key());
            if (s.has(p.key())) {
                values.put(p.key(), read(s, p));
            } else if (p.required()) {
                throw s.fail(p.key(), "is required: " + p.doc());
            } else {
                Object fallback = p.fallback(values, context);
                if (fallback != null) {
                    values.put(p.key(), fallback);
                }
            }
        }
        ModelDescriptor d;
        try {
            d = type.create(values, context);
        } catch (ParamException e) {
            throw s.fail(e.key(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw s.failHere("invalid " + name + " parameters: " + e.getMessage());
        }
        for (Map.Entry<String, String> e : notNow.entrySet()) {
            if (s.has(e.getKey())) {
                throw s.fail(e.getKey(), "applies only when " + e.getValue() + ". Known keys: " + new TreeSet<>(known));
            }
        }
        s.onlyKnown(known);
        return d;
    }

    private static Object read(Section s, Param<?> p) {
        String k = p.key();
        return switch (p.type()) {
            case DECIMAL -> s.decimal(k, p.min(), p.max());
            case INTEGER -> s.integer(k, (long) Math.ceil(p.min()), (long) Math.floor(p.max()));
            case BOOLEAN -> s.bool(k, false);
            case CHOICE -> s.choice(k, null, p.choices());
            case TEXT, POPULATION -> s.string(k);
        };
    }

    /** The model's parameters as HOCON fields, by key (numbers and booleans bare, text quoted). */
    static Map<String, String> render(ModelDescriptor d) {
        Map<String, String> out = new TreeMap<>();
        Models.of(d).values(d).asMap().forEach((k, v) -> out.put(k, Hocon.value(v)));
        return out;
    }
}
