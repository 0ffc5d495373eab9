package org.lamina.scenarios.traceio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a Python 3 with numpy (and optionally more modules) for tests of Lamina's Python
 * consumers: {@code python3} on the PATH first, then {@code /usr/bin/python3}, since a pyenv or
 * venv python3 often lacks the distribution's packages. Without one, a test is aborted (skipped)
 * with a one-line reason, or fails when {@code LAMINA_REQUIRE_PYTHON} is set (so CI cannot
 * silently skip the Python checks).
 */
final class PythonWithNumpy {
    static final String REQUIRE_VARIABLE = "LAMINA_REQUIRE_PYTHON";
    private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");
    /** Debian/Ubuntu package of each module, for the reason given when none is found. */
    private static final Map<String, String> APT_PACKAGES = Map.of("numpy", "python3-numpy",
            "google.protobuf", "python3-protobuf");
    private static final Map<List<String>, String> FOUND = new ConcurrentHashMap<>();

    private PythonWithNumpy() {
    }

    /** The command of the first candidate that imports numpy and {@code moreModules}; aborts or fails the test if none. */
    static String require(String... moreModules) {
        List<String> modules = new ArrayList<>(List.of(moreModules));
        modules.add(0, "numpy");
        String python = FOUND.computeIfAbsent(modules, PythonWithNumpy::find);
        if (python.isEmpty()) {
            List<String> packages = modules.stream().map(APT_PACKAGES::get).toList();
            String why = "no Python 3 that imports " + String.join(" and ", modules) + " (tried "
                    + String.join(", ", CANDIDATES) + "); install the apt packages " + String.join(" ", packages);
            if (System.getenv(REQUIRE_VARIABLE) != null) {
                Assertions.fail(why + " (" + REQUIRE_VARIABLE + " is set, so this fails instead of skipping)");
            }
            Assumptions.abort(why);
        }
        return python;
    }

    /** The first candidate that imports every module, or "" if none does. */
    private static String find(List<String> modules) {
        for (String python : CANDIDATES) {
            if (imports(python, modules)) {
                return python;
            }
        }
        return "";
    }

    private static boolean imports(String python, List<String> modules) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + String.join(", ", modules))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false; // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
