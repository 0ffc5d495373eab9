package org.lamina.scenarios.dsl;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One object of a scenario file, read with checks: every failure names the file and line, the
 * full key, and what was expected; unknown keys are reported with the closest known one.
 */
final class Section {
    private final Config config;
    private final String path;
    private final ConfigOrigin origin;

    Section(Config config, String path, ConfigOrigin origin) {
        this.config = config;
        this.path = path;
        this.origin = origin;
    }

    static Section root(Config config) {
        return new Section(config, "", config.origin());
    }

    String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    boolean has(String k) {
        return config.hasPath(k);
    }

    ScenarioException fail(String k, String message) {
        return new ScenarioException(whereOf(k), key(k), message);
    }

    /**
     * Where the value of {@code k} is written ({@code file:line}), or this object when it is absent
     * or comes from an environment variable ({@code ${HOME}}: the value's origin names no file).
     */
    String whereOf(String k) {
        if (!config.hasPath(k)) {
            return where(origin);
        }
        ConfigOrigin o = config.getValue(k).origin();
        boolean env = o.filename() == null && o.url() == null && o.resource() == null
                && o.description().startsWith("env variable");
        return where(env ? origin : o);
    }

    ScenarioException failHere(String message) {
        return new ScenarioException(where(origin), path, message);
    }

    static String where(ConfigOrigin o) {
        String file = o.filename() != null ? o.filename() : o.description();
        return o.lineNumber() > 0 && o.filename() != null ? file + ":" + o.lineNumber() : file;
    }

    /** Fails on any key not in {@code known}, suggesting the closest known key. */
    void onlyKnown(Set<String> known) {
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            String k = e.getKey();
            if (!known.contains(k)) {
                String hint = closest(k, known);
                throw new ScenarioException(where(e.getValue().origin()), key(k), "unknown key"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?") + " Known keys: " + new TreeSet<>(known));
            }
        }
    }

    private ConfigValue value(String k) {
        if (!config.hasPath(k)) {
            throw fail(k, "is required");
        }
        return config.getValue(k);
    }

    String string(String k) {
        ConfigValue v = value(k);
        if (v.valueType() != ConfigValueType.STRING && v.valueType() != ConfigValueType.NUMBER
                && v.valueType() != ConfigValueType.BOOLEAN) {
            throw fail(k, "expected a string, got " + describe(v));
        }
        return String.valueOf(v.unwrapped());
    }

    String string(String k, String fallback) {
        return has(k) ? string(k) : fallback;
    }

    /** One of {@code allowed}; without a {@code fallback} (null) the key is required. */
    String choice(String k, String fallback, List<String> allowed) {
        if (fallback == null && !has(k)) {
            throw fail(k, "is required: one of " + allowed);
        }
        String s = string(k, fallback);
        if (!allowed.contains(s)) {
            String hint = closest(s, Set.copyOf(allowed));
            throw fail(k, "expected one of " + allowed + ", got '" + s + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?"));
        }
        return s;
    }

    long integer(String k, long min, long max) {
        ConfigValue v = value(k);
        if (v.valueType() != ConfigValueType.NUMBER || !(v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long)) {
            throw fail(k, "expected an integer, got " + describe(v));
        }
        long x = ((Number) v.unwrapped()).longValue();
        if (x < min || x > max) {
            throw fail(k, "expected an integer in " + min + ".." + max + ", got " + x);
        }
        return x;
    }

    long integer(String k, long fallback, long min, long max) {
        return has(k) ? integer(k, min, max) : fallback;
    }

    double decimal(String k, double min, double max) {
        ConfigValue v = value(k);
        if (v.valueType() != ConfigValueType.NUMBER) {
            throw fail(k, "expected a number, got " + describe(v));
        }
        double x = ((Number) v.unwrapped()).doubleValue();
        if (!(x >= min && x <= max)) {
            throw fail(k, "expected a number in [" + min + ", " + max + "], got " + x);
        }
        return x;
    }

    double decimal(String k, double fallback, double min, double max) {
        return has(k) ? decimal(k, min, max) : fallback;
    }

    boolean bool(String k, boolean fallback) {
        if (!has(k)) {
            return fallback;
        }
        ConfigValue v = value(k);
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            throw fail(k, "expected true or false, got " + describe(v));
        }
        return (Boolean) v.unwrapped();
    }

    /** Whether the value of {@code k} is a string (false when absent). */
    boolean isString(String k) {
        return config.hasPath(k) && config.getValue(k).valueType() == ConfigValueType.STRING;
    }

    Section object(String k) {
        ConfigValue v = value(k);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw fail(k, "expected an object { ... }, got " + describe(v));
        }
        return new Section(config.getConfig(k), key(k), v.origin());
    }

    /** The sub-objects of an object, in the order they appear in the file. */
    List<Map.Entry<String, Section>> objectsInFileOrder(String k) {
        Section s = object(k);
        List<Map.Entry<String, Section>> out = new ArrayList<>();
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(s.config.root().entrySet());
        entries.sort(Comparator.<Map.Entry<String, ConfigValue>>comparingInt(e -> definedAt(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, ConfigValue> e : entries) {
            String name = e.getKey();
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new ScenarioException(where(e.getValue().origin()), s.key(name),
                        "expected an object { ... }, got " + describe(e.getValue()));
            }
            out.add(Map.entry(name, new Section(s.config.getConfig(Hocon.key(name)), s.key(name), e.getValue().origin())));
        }
        return out;
    }

    /** The entries of this object as written (quoted keys kept whole), in file order. */
    List<Map.Entry<String, ConfigValue>> entriesInFileOrder() {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(config.root().entrySet());
        entries.sort(Comparator.<Map.Entry<String, ConfigValue>>comparingInt(e -> definedAt(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        return entries;
    }

    /** A list of objects. */
    List<Section> objects(String k) {
        if (!has(k)) {
            return List.of();
        }
        ConfigValue v = value(k);
        if (v.valueType() != ConfigValueType.LIST) {
            throw fail(k, "expected a list [ ... ], got " + describe(v));
        }
        List<Section> out = new ArrayList<>();
        List<? extends ConfigValue> items = config.getList(k);
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = items.get(i);
            if (item.valueType() != ConfigValueType.OBJECT) {
                throw new ScenarioException(where(item.origin()), key(k) + "[" + i + "]",
                        "expected an object { ... }, got " + describe(item));
            }
            out.add(new Section(((com.typesafe.config.ConfigObject) item).toConfig(), key(k) + "[" + i + "]", item.origin()));
        }
        return out;
    }

    List<String> strings(String k) {
        if (!has(k)) {
            return List.of();
        }
        try {
            return config.getStringList(k);
        } catch (ConfigException.WrongType e) {
            throw fail(k, "expected a list of names, e.g. [a, b]");
        }
    }

    /** A list of whole numbers in {@code min..max} (a decimal such as 0.5 is refused, not truncated). */
    int[] ints(String k, int min, int max) {
        if (!has(k)) {
            return new int[0];
        }
        ConfigValue v = value(k);
        if (v.valueType() != ConfigValueType.LIST) {
            throw fail(k, "expected a list of integers, e.g. [0, 5, 9], got " + describe(v));
        }
        com.typesafe.config.ConfigList xs = (com.typesafe.config.ConfigList) v;
        int[] out = new int[xs.size()];
        for (int i = 0; i < out.length; i++) {
            ConfigValue x = xs.get(i);
            if (x.valueType() != ConfigValueType.NUMBER || !(x.unwrapped() instanceof Integer || x.unwrapped() instanceof Long)) {
                throw fail(k, "expected a list of integers, e.g. [0, 5, 9]; element " + i + " is " + describe(x));
            }
            long n = ((Number) x.unwrapped()).longValue();
            if (n < min || n > max) {
                throw fail(k, "expected integers in " + min + ".." + max + ", got " + n);
            }
            out[i] = (int) n;
        }
        return out;
    }

    /**
     * Where an object is defined: the line of its {@code model} key when it has one. An object
     * that --set or a later file adds keys to has a merged origin without a line, so its own line
     * would move it (and change the population ids) whenever something overrides one of its keys.
     */
    private static int definedAt(ConfigValue v) {
        if (v instanceof com.typesafe.config.ConfigObject o && o.containsKey("model")) {
            return line(o.get("model"));
        }
        return line(v);
    }

    private static int line(ConfigValue v) {
        return v.origin().lineNumber() > 0 ? v.origin().lineNumber() : Integer.MAX_VALUE;
    }

    private static String describe(ConfigValue v) {
        return v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + v.render();
    }

    /**
     * The known key within edit distance 2 (or a third of its length) of {@code s}, else the one
     * known key that starts with {@code s}, if any.
     */
    static String closest(String s, Set<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(s, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        if (bestD <= Math.max(2, s.length() / 3)) {
            return best;
        }
        List<String> prefixed = known.stream().filter(k -> !s.isEmpty() && k.startsWith(s)).toList();
        return prefixed.size() == 1 ? prefixed.get(0) : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
