package org.lamina.scenarios.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a run folder's small files whole: the text is written beside the file, forced to
 * the disk, then renamed over it. A reader sees the old file or the new one, never a part, and a
 * write that fails (a full disk) leaves the old file, or none, and no temporary file; the error
 * names the file.
 */
public final class RunFiles {
    private RunFiles() {
    }

    public static void replace(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true); // a full disk can also be reported only now
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            if (e instanceof IOException) {
                throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
