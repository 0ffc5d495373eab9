package org.lamina.scenarios.dsl;

import java.util.Map;

/**
 * Where in a scenario file the entries that are loaded after parsing are written ({@code file:line}
 * by key), so that a dataset or a previous run that cannot be loaded is reported like a parse error.
 *
 * @param fallback what to name for a key without a location (the file, or the scenario's name)
 */
public record Locations(String fallback, Map<String, String> byKey) {
    /** The key of the dataset a scenario presents. */
    public static final String DATASET = "dataset.source";

    public Locations {
        byKey = Map.copyOf(byKey);
    }

    /** No locations known: every key is reported at {@code fallback}. */
    public static Locations none(String fallback) {
        return new Locations(fallback, Map.of());
    }

    /** The key of the run a projection's weights come from ({@code network.projections[i].init.run}). */
    public static String initOf(int projection) {
        return "network.projections[" + projection + "].init.run";
    }

    /** The key of a population's size ({@code network.populations.<name>.size}). */
    public static String sizeOf(String population) {
        return "network.populations." + population + ".size";
    }

    public String of(String key) {
        return byKey.getOrDefault(key, fallback);
    }

    /** A scenario error at {@code key}. */
    public ScenarioException fail(String key, String message) {
        return new ScenarioException(of(key), key, message);
    }
}
