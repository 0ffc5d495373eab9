package org.lamina.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-way dependencies of DESIGN.md that Maven cannot see: {@code kernels} and
 * {@code neurons} import no actor and no protobuf types (those stay in sim-core and at the edges).
 */
class ArchitectureTest {
    private static final List<String> FORBIDDEN = List.of("org.apache.pekko", "com.google.protobuf", "org.lamina.proto");

    @ParameterizedTest
    @ValueSource(strings = {"kernels", "neurons"})
    void mainSourcesImportNoActorOrProtobufTypes(String module) throws IOException {
        Path main = Path.of("..", module, "src", "main", "java");
        assertTrue(Files.isDirectory(main), "tests run from the scenarios module directory: " + main.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream()
                            .filter(l -> l.startsWith("import ") && FORBIDDEN.stream().anyMatch(l::contains))
                            .map(l -> main.relativize(f) + ": " + l);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
