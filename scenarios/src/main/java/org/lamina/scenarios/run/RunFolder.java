package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One folder per run, named {@code <name>-<yyyyMMdd-HHmmss>} under the runs root; never
 * reuses an existing folder, so nothing a previous run wrote is overwritten.
 */
public final class RunFolder {
    public static final String TRACE_FILE = "trace.lamina";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {
    }

    public static Path create(Path root, String name) throws IOException {
        Files.createDirectories(root);
        String base = name + "-" + LocalDateTime.now().format(STAMP);
        for (int i = 0; i < 1000; i++) {
            Path dir = root.resolve(i == 0 ? base : base + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
        throw new IOException("could not create a fresh run folder under " + root);
    }
}
