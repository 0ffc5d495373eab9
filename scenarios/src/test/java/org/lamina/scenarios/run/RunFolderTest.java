package org.lamina.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders are created directly inside the runs folder, whatever name they are given. */
class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void aFolderIsMadeDirectlyInsideTheRunsFolder() throws IOException {
        Path runs = dir.resolve("runs");
        Path a = RunFolder.create(runs, "quickstart");
        Path b = RunFolder.create(runs, "quickstart");
        assertEquals(runs, a.getParent());
        assertEquals(runs, b.getParent());
        assertTrue(b.getFileName().toString().startsWith(a.getFileName().toString()), "a second gets a suffix: " + b);
    }

    @Test
    void aNameThatWouldLeaveTheRunsFolderIsRefused() throws IOException {
        Path runs = dir.resolve("runs");
        for (String name : new String[] {"../../x", "/tmp/x", "a/b", "a\0b", "x".repeat(300)}) {
            assertThrows(IllegalArgumentException.class, () -> RunFolder.create(runs, name), name);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> !p.equals(runs)).count(), "nothing was made outside " + runs);
        }
    }
}
