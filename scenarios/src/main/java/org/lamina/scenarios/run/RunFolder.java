package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.InvalidPathException;
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

    /**
     * A new folder {@code <name>-<yyyyMMdd-HHmmss>} (with {@code -N} when taken) directly inside
     * {@code root}. A name that would put it anywhere else (a separator, {@code ..}, an absolute
     * path, a NUL) is refused: the parser allows only plain names, and this is the second line of
     * defence.
     */
    public static Path create(Path root, String name) throws IOException {
        String base = name + "-" + LocalDateTime.now().format(STAMP);
        Path inside = inside(root, base);
        Files.createDirectories(root);
        for (int i = 0; i < 1000; i++) {
            Path dir = i == 0 ? inside : inside(root, base + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
        throw new IOException("could not create a fresh run folder under " + root);
    }

    /** {@code root/folder}, if that is a folder directly inside {@code root}. */
    private static Path inside(Path root, String folder) {
        Path dir;
        try {
            dir = root.resolve(folder);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("a run folder named '" + folder.replace("\0", "\\0") + "' is not a path: "
                    + e.getMessage());
        }
        Path parent = dir.normalize().getParent();
        if (folder.isEmpty() || folder.length() > 255 || folder.contains("/") || folder.contains(dir.getFileSystem().getSeparator())
                || folder.equals(".") || folder.equals("..") || parent == null || !parent.equals(root.normalize())) {
            throw new IllegalArgumentException("a run folder named '" + folder + "' would not be directly inside " + root);
        }
        return dir;
    }
}
