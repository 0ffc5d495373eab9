package org.lamina.neurons.params;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of one model as read, by key, in declaration order: numbers as {@code Double}
 * or {@code Long}, flags as {@code Boolean}, everything else as {@code String}. A parameter that
 * does not apply, or an optional one that was not given, is absent.
 */
public final class ParamValues {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Sets a value read for {@code key}; returns this. */
    public ParamValues put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public double decimal(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public long integer(String key) {
        return ((Number) get(key)).longValue();
    }

    /** An integer parameter declared with an {@code int} range. */
    public int intValue(String key) {
        return Math.toIntExact(integer(key));
    }

    public boolean bool(String key) {
        return (Boolean) get(key);
    }

    public String text(String key) {
        return (String) get(key);
    }

    /** A text or population parameter that may be absent (null then). */
    public String textOrNull(String key) {
        return (String) values.get(key);
    }

    /** Every value, in declaration order. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private Object get(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("parameter " + key + " was not read (it does not apply, or is not declared)");
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
