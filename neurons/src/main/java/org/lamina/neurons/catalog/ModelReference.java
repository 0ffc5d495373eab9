package org.lamina.neurons.catalog;

import java.util.List;
import java.util.Locale;
import org.lamina.neurons.params.ModelType;
import org.lamina.neurons.params.Param;

/** The parameter reference of every model, written from the declarations (docs/scenarios.md holds a copy). */
public final class ModelReference {
    private ModelReference() {
    }

    /** One table per model, in Markdown. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        for (ModelType<?> t : Models.ALL) {
            md.append("#### `").append(t.name()).append("`\n\n").append(capitalised(t.summary())).append(".\n\n");
            if (t.params().isEmpty()) {
                md.append("No parameters.\n\n");
                continue;
            }
            table(md, t.params().stream().filter(p -> !p.belongsToRule()).toList());
            if (t.learning() != null) {
                md.append(capitalised(ruleHeading(t))).append(":\n\n");
                table(md, t.params().stream().filter(Param::belongsToRule).toList());
            }
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static void table(StringBuilder md, List<? extends Param<?>> params) {
        if (params.isEmpty()) {
            md.append("No population keys.\n\n");
            return;
        }
        md.append("| key | type | default | values | meaning |\n|---|---|---|---|---|\n");
        for (Param<?> p : params) {
            md.append("| `").append(p.key()).append("` | ").append(p.type().label()).append(" | ")
                    .append(required(p) ? "required" : p.fallbackText()).append(" | ")
                    .append(values(p)).append(" | ").append(cell(p.doc()
                            + (p.appliesText().isEmpty() ? "" : " (only when " + p.appliesText() + ")")))
                    .append(" |\n");
        }
        md.append('\n');
    }

    /** Required in scenario files: no default, or the rule's name (a plasticity block always names its rule). */
    static boolean required(Param<?> p) {
        return p.required() || p.belongsToRule() && p.key().equals(ModelType.RULE);
    }

    /** Where a learning model's rule is written, and when it learns by default. */
    static String ruleHeading(ModelType<?> t) {
        ModelType.Learning l = t.learning();
        String where = l.sourceKey() == null
                ? "its input projection (the one from a population none of its keys names)"
                : "the projection from its `" + l.sourceKey() + "`";
        return "the rule, in the `plasticity` block of " + where + "; it learns in `" + l.learnsIn().label()
                + "` phases unless a phase's `learns` says otherwise";
    }

    /** Text inside a table cell: a bar would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** The same for a terminal: one block per model, a line per parameter. */
    public static String text() {
        StringBuilder out = new StringBuilder();
        for (ModelType<?> t : Models.ALL) {
            out.append(t.name()).append(": ").append(t.summary()).append('\n');
            if (t.learning() != null) {
                out.append("  (keys marked * belong to ").append(ruleHeading(t).replace("`", "")).append(")\n");
            }
            for (Param<?> p : t.params()) {
                out.append(String.format(Locale.ROOT, "  %-22s %-10s %-14s %s%s%n",
                        (p.belongsToRule() ? "*" : "") + p.key(), p.type().label(),
                        required(p) ? "required" : "[" + p.fallbackText() + "]", p.doc(),
                        p.appliesText().isEmpty() ? "" : " (only when " + p.appliesText() + ")"));
            }
        }
        return out.toString();
    }

    /** The values a parameter takes, for people: its choices, or its range with its unit. */
    static String values(Param<?> p) {
        String unit = p.unit().isEmpty() ? "" : " " + p.unit();
        return switch (p.type()) {
            case CHOICE -> String.join(", ", p.choices());
            case BOOLEAN -> "true, false";
            case TEXT -> "a name";
            case POPULATION -> "a population";
            case DECIMAL, INTEGER -> range(p) + unit;
        };
    }

    private static String range(Param<?> p) {
        boolean integer = p.type() == Param.Type.INTEGER;
        boolean noMin = p.min() <= -Double.MAX_VALUE || integer && p.min() <= Long.MIN_VALUE;
        boolean noMax = integer ? p.max() >= Integer.MAX_VALUE : p.max() >= Double.MAX_VALUE;
        if (p.min() == Double.MIN_VALUE) {
            return noMax ? "> 0" : "> 0, ≤ " + number(p.max(), integer);
        }
        if (noMin && noMax) {
            return "any";
        }
        if (noMax) {
            return "≥ " + number(p.min(), integer);
        }
        if (noMin) {
            return "≤ " + number(p.max(), integer);
        }
        return number(p.min(), integer) + " – " + number(p.max(), integer);
    }

    private static String number(double x, boolean integer) {
        return integer || x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x)
                : java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
