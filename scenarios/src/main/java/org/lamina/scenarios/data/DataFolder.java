package org.lamina.scenarios.data;

import java.nio.file.Path;
import java.util.Map;

/** Where fetched datasets live: {@code $LAMINA_DATA} when set, else {@code ~/.lamina/datasets}. */
public final class DataFolder {
    /** The environment variable that overrides the default folder. */
    public static final String ENV = "LAMINA_DATA";

    private DataFolder() {
    }

    /** The folder for this process's environment. */
    public static Path resolve() {
        return resolve(System.getenv(), System.getProperty("user.home"));
    }

    static Path resolve(Map<String, String> env, String userHome) {
        String override = env.get(ENV);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        return Path.of(userHome, ".lamina", "datasets").toAbsolutePath();
    }

    /** How the folder was chosen, for messages: "$LAMINA_DATA" or "default". */
    public static String origin() {
        String override = System.getenv(ENV);
        return override != null && !override.isBlank() ? "$" + ENV : "default; set " + ENV + " to change it";
    }
}
