package org.lamina.neurons.catalog;

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
            md.append("| key | type | default | values | meaning |\n|---|---|---|---|---|\n");
            for (Param<?> p : t.params()) {
                md.append("| `").append(p.key()).append("` | ").append(p.type().label()).append(" | ")
                        .append(p.required() ? "required" : p.fallbackText()).append(" | ")
                        .append(values(p)).append(" | ").append(cell(p.doc()
                                + (p.appliesText().isEmpty() ? "" : " (only when " + p.appliesText() + ")")))
                        .append(" |\n");
            }
            md.append('\n');
        }
        return md.toString().stripTrailing() + "\n";
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
            for (Param<?> p : t.params()) {
                out.append(String.format(Locale.ROOT, "  %-22s %-10s %-14s %s%s%n", p.key(), p.type().label(),
                        p.required() ? "required" : "[" + p.fallbackText() + "]", p.doc(),
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
