package org.lamina.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The neurons module imports no actor and no protobuf types: those stay in sim-core and at the edges. */
class ArchitectureTest {
    private static final List<String> FORBIDDEN = List.of("org.apache.pekko", "com.google.protobuf", "org.lamina.proto");

    @Test
    void mainSourcesImportNoActorOrProtobufTypes() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the module directory");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream()
                            .filter(l -> l.startsWith("import ") && FORBIDDEN.stream().anyMatch(l::contains))
                            .map(l -> main.relativize(f) + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
