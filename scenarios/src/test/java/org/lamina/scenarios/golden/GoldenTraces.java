package org.lamina.scenarios.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rewrites the golden traces of {@link GoldenTraceTest}: reruns every family (or the ones named
 * as arguments) exactly as the test does and copies each trace to
 * {@code scenarios/src/test/resources/golden/}. Not a test: run it deliberately, when a
 * behaviour change is intended, and commit the new files on their own with a message that says
 * why the behaviour changed. From the repository root:
 *
 * <pre>
 * mvn -B -o -pl scenarios -am test-compile exec:exec@golden-traces
 * mvn -B -o -pl scenarios -am test-compile exec:exec@golden-traces -Dgolden.families="bp-mnist fa-mnist"
 * </pre>
 *
 * ({@code -am} builds the modules it needs in the same reactor, so the helper runs this
 * checkout's code rather than whatever snapshot is installed in the local repository; the
 * {@code exec} execution is declared in scenarios/pom.xml and bound to no phase, so a build never
 * runs it). MNIST is fetched into the data folder first if it is not there.
 */
public final class GoldenTraces {
    private GoldenTraces() {
    }

    public static void main(String[] args) {
        try {
            regenerate(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        // The actor systems' threads must not keep the JVM alive.
        System.exit(0);
    }

    private static void regenerate(String[] args) throws IOException {
        List<GoldenFamily> families = Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("[\\s,]+")))
                .filter(a -> !a.isEmpty()).map(GoldenFamily::named).toList();
        if (families.isEmpty()) {
            families = GoldenFamily.ALL;
        }
        Path target = GoldenFamily.sourceGoldenDir();
        Files.createDirectories(target);
        Path work = Files.createTempDirectory("lamina-golden-");
        try {
            for (GoldenFamily family : families) {
                List<Path> traces = family.run(work.resolve(family.name()), 2);
                List<String> names = family.goldenFiles();
                for (int k = 0; k < names.size(); k++) {
                    Path out = target.resolve(names.get(k));
                    Files.copy(traces.get(k), out, StandardCopyOption.REPLACE_EXISTING);
                    System.out.printf("golden: %s (%d bytes)%n", out, Files.size(out));
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
