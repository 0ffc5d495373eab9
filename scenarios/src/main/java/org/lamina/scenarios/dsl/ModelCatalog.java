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
 * defaults, except those of its learning rule, which the {@code plasticity} block of the
 * projection the rule changes holds; a model is written back from the same declarations, so a
 * written scenario parses back to the same models.
 */
final class ModelCatalog {
    private ModelCatalog() {
    }

    /**
     * The {@code plasticity} block of a projection into a population.
     *
     * @param block  the block's section
     * @param source the projection's source population
     */
    record RuleBlock(Section block, String source) {
    }

    /**
     * Reads the model named by {@code model} from the population section {@code s} and the rule
     * block of the projection into it that has one ({@code rule}, null when none has); the
     * population's other keys are the model's parameters and the population keys {@code size},
     * {@code model} and {@code backend}, which the parser reads itself.
     */
    static ModelDescriptor read(String population, Section s, RuleBlock rule, ModelContext context) {
        String name = s.choice("model", null, Models.names());
        ModelType<?> type = Models.named(name).orElseThrow();
        if (rule != null && type.learning() == null) {
            throw rule.block().failHere("population " + population + " is a " + name + ", which has no learning rule:"
                    + " its projections' weights are fixed (remove plasticity)");
        }
        if (rule == null && type.learning() != null) {
            throw s.fail("model", "a " + name + " learns by a rule declared on the projection it changes (" + where(type)
                    + "): give that projection a block plasticity = { rule = " + type.params().stream()
                    .filter(p -> p.key().equals(ModelType.RULE)).findFirst().orElseThrow().choices().get(0)
                    + ", ... } (docs/scenarios.md lists the rule's keys)");
        }
        ParamValues values = new ParamValues();
        Set<String> known = new LinkedHashSet<>(Set.of("size", "model", "backend"));
        Set<String> ruleKnown = new LinkedHashSet<>();
        Map<String, String> notNow = new LinkedHashMap<>();
        for (Param<?> p : type.params()) {
            Section from = p.belongsToRule() ? rule.block() : s;
            if (p.belongsToRule() && s.has(p.key())) {
                throw s.fail(p.key(), "belongs to the " + name + "'s learning rule: write it in the plasticity block of"
                        + " the projection " + rule.source() + " -> " + population + " (" + rule.block().whereOf("rule")
                        + ")");
            }
            if (!p.appliesTo(values)) {
                notNow.put(p.key(), p.appliesText());
                continue;
            }
            (p.belongsToRule() ? ruleKnown : known).add(p.key());
            if (from.has(p.key())) {
                values.put(p.key(), read(from, p));
            } else if (p.required() || p.key().equals(ModelType.RULE) && p.belongsToRule()) {
                throw from.fail(p.key(), "is required: " + p.doc() + (p.type() == Param.Type.CHOICE
                        ? " (one of " + p.choices() + ")" : ""));
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
            boolean ofRule = type.params().stream().anyMatch(p -> p.key().equals(e.key()) && p.belongsToRule());
            throw (ofRule ? rule.block() : s).fail(e.key(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw s.failHere("invalid " + name + " parameters: " + e.getMessage());
        }
        for (Map.Entry<String, String> e : notNow.entrySet()) {
            Section from = rule != null && rule.block().has(e.getKey()) ? rule.block() : s;
            if (from.has(e.getKey())) {
                throw from.fail(e.getKey(), "applies only when " + e.getValue() + ". Known keys: "
                        + new TreeSet<>(from == s ? known : ruleKnown));
            }
        }
        if (rule != null) {
            rule.block().onlyKnown(ruleKnown);
        }
        s.onlyKnown(known);
        return d;
    }

    /**
     * The rule of {@code model} sits on the projection it changes (see
     * {@link ModelType.Learning#sourceKey()}); checked once every population name is known good.
     */
    static void checkRuleProjection(ModelDescriptor model, RuleBlock rule) {
        ModelType<?> type = Models.of(model);
        ParamValues values = type.values(model);
        String key = type.learning().sourceKey();
        boolean right;
        if (key != null) {
            right = rule.source().equals(values.text(key));
        } else {
            right = type.params().stream().noneMatch(p -> p.type() == Param.Type.POPULATION && values.has(p.key())
                    && rule.source().equals(values.text(p.key())));
        }
        if (!right) {
            throw rule.block().failHere("a " + type.name() + "'s rule changes " + where(type) + ", not the projection from "
                    + rule.source() + " (which carries labels, errors or tasks); move the plasticity block there");
        }
    }

    /** Which projection a learning model's rule changes, for people. */
    private static String where(ModelType<?> type) {
        String key = type.learning().sourceKey();
        return key == null ? "its input projection" : "the projection from its " + key;
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

    /**
     * The model's parameters as HOCON fields, by key (numbers and booleans bare, text quoted):
     * those of its rule ({@code rule} true, for the plasticity block), or the others.
     */
    static Map<String, String> render(ModelDescriptor d, boolean rule) {
        ModelType<?> type = Models.of(d);
        Set<String> ofRule = new java.util.HashSet<>();
        type.params().stream().filter(Param::belongsToRule).forEach(p -> ofRule.add(p.key()));
        Map<String, String> out = new TreeMap<>();
        type.values(d).asMap().forEach((k, v) -> {
            if (ofRule.contains(k) == rule) {
                out.put(k, Hocon.value(v));
            }
        });
        return out;
    }
}
