package org.lamina.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Run-wide objects that models may use but the engine knows nothing about (for example the
 * kernel factory), looked up by type. Chosen once per run by whoever starts it, so every
 * population of a run uses the same ones, except where that starter gives a population its own
 * service of some type ({@link #withPopulation}): that population then sees its own instead of
 * the run's (for example a population whose kernels use another backend).
 */
public final class Services {
    private static final Services NONE = new Services(Map.of(), Map.of());

    private final Map<Class<?>, Object> byType;
    /** Per population name, the services it sees in place of the run's of the same type (sorted by name). */
    private final Map<String, Map<Class<?>, Object>> byPopulation;

    private Services(Map<Class<?>, Object> byType, Map<String, Map<Class<?>, Object>> byPopulation) {
        this.byType = byType;
        this.byPopulation = byPopulation;
    }

    public static Services none() {
        return NONE;
    }

    /** Services keyed by their own class. */
    public static Services of(Object... services) {
        return new Services(byClass(services), Map.of());
    }

    private static Map<Class<?>, Object> byClass(Object... services) {
        Map<Class<?>, Object> m = new LinkedHashMap<>();
        for (Object s : services) {
            if (m.put(s.getClass(), s) != null) {
                throw new IllegalArgumentException("two services of type " + s.getClass().getName());
            }
        }
        return Map.copyOf(m);
    }

    /**
     * The same services, except that population {@code population} sees {@code services} (keyed
     * by their own class) in place of the run's of the same types; it sees the run's others.
     */
    public Services withPopulation(String population, Object... services) {
        if (population == null || population.isBlank()) {
            throw new IllegalArgumentException("services for a population need its name");
        }
        if (byPopulation.containsKey(population)) {
            throw new IllegalArgumentException("population " + population + " was already given its own services");
        }
        Map<String, Map<Class<?>, Object>> m = new TreeMap<>(byPopulation);
        m.put(population, byClass(services));
        return new Services(byType, java.util.Collections.unmodifiableMap(m));
    }

    /** The populations given services of their own ({@link #withPopulation}), by name. */
    public Set<String> populationsWithOwnServices() {
        return byPopulation.keySet();
    }

    /** What population {@code population} sees: its own services where it has them, the run's otherwise. */
    public Services forPopulation(String population) {
        Map<Class<?>, Object> own = byPopulation.get(population);
        if (own == null) {
            return byPopulation.isEmpty() ? this : new Services(byType, Map.of());
        }
        Map<Class<?>, Object> m = new LinkedHashMap<>(byType);
        m.putAll(own);
        return new Services(Map.copyOf(m), Map.of());
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(byType.get(type)));
    }
}
