package org.lamina.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Run-wide objects that models may use but the engine knows nothing about (for example the
 * kernel backend selection), looked up by type. Chosen once per run by whoever starts it, so
 * every population of a run uses the same ones.
 */
public final class Services {
    private static final Services NONE = new Services(Map.of());

    private final Map<Class<?>, Object> byType;

    private Services(Map<Class<?>, Object> byType) {
        this.byType = byType;
    }

    public static Services none() {
        return NONE;
    }

    /** Services keyed by their own class. */
    public static Services of(Object... services) {
        Map<Class<?>, Object> m = new LinkedHashMap<>();
        for (Object s : services) {
            if (m.put(s.getClass(), s) != null) {
                throw new IllegalArgumentException("two services of type " + s.getClass().getName());
            }
        }
        return new Services(Map.copyOf(m));
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(byType.get(type)));
    }
}
