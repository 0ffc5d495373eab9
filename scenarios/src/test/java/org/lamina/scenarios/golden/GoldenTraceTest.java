package org.lamina.scenarios.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example family ({@link GoldenFamily#ALL}) run short through {@code lamina run} gives the
 * trace committed in {@code src/test/resources/golden/}: same structure, spikes and counts,
 * continuous values within {@link TraceComparison#TOLERANCE}. A failure lists, per difference,
 * the family, the record index, the frame (kind, step, population), the field, and the
 * expected and actual values.
 *
 * <p>When a behaviour change is intended, regenerate the files with {@link GoldenTraces} (the
 * command is in its comment and in docs/testing.md) in a commit of its own that says why. The
 * runs use 2 compute threads; {@code -Dlamina.golden.threads=1} checks that one thread gives
 * the same traces.
 */
@Timeout(120)
class GoldenTraceTest {

    @TempDir
    Path runs;

    static Stream<GoldenFamily> families() {
        return GoldenFamily.ALL.stream();
    }

    private static int threads() {
        return Integer.parseInt(System.getProperty("lamina.golden.threads", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void theTraceMatchesItsGoldenFile(GoldenFamily family) throws IOException {
        List<String> golden = family.goldenFiles();
        List<Path> traces = family.run(runs, threads());
        StringBuilder failures = new StringBuilder();
        for (int k = 0; k < golden.size(); k++) {
            Path expected = golden(family, golden.get(k));
            TraceComparison.Result r = TraceComparison.compare(expected, traces.get(k));
            System.out.println("golden " + golden.get(k) + " (" + threads() + " threads): "
                    + (r.matches() ? "matches, " : "DIFFERS, ") + r.deviation());
            if (!r.matches()) {
                failures.append("\n").append(family.name()).append(": ").append(traces.get(k))
                        .append(" differs from golden/").append(golden.get(k)).append(':').append(r.describe());
            }
        }
        if (!failures.isEmpty()) {
            fail("the trace of " + family + " is not its golden trace (spikes and counts must be equal, other values"
                    + " within " + TraceComparison.TOLERANCE + " relative; if the change is intended, regenerate as"
                    + " docs/testing.md says):" + failures);
        }
    }

    private static Path golden(GoldenFamily family, String file) {
        URL url = GoldenTraceTest.class.getResource("/golden/" + file);
        assertTrue(url != null, () -> "no golden file golden/" + file + " for " + family
                + " on the test classpath; create it with the regeneration helper (docs/testing.md)");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
