package org.lamina.scenarios.dsl;

/** A scenario that cannot run: names the file and line, the key, and what was expected. */
public final class ScenarioException extends BadInputException {
    private final String where;
    private final String key;
    private final String detail;

    public ScenarioException(String where, String key, String message) {
        super(where + ": " + (key.isEmpty() ? "" : key + ": ") + message);
        this.where = where;
        this.key = key;
        this.detail = message;
    }

    /** {@code file:line} (or a description of the origin when there is no file). */
    public String where() {
        return where;
    }

    public String key() {
        return key;
    }

    /** What was expected, without the place and key. */
    public String detail() {
        return detail;
    }
}
