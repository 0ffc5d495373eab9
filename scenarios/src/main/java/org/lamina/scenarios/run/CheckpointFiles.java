package org.lamina.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.lamina.proto.Checkpoint;

/**
 * A run folder's checkpoint files, {@code checkpoints/checkpoint-<n>.lamina-ckpt} numbered in
 * the order written: an 8-byte magic, the payload's length (8 bytes) and CRC32C (4 bytes, all
 * little-endian), then the {@link Checkpoint} message. A file is written to a temporary name,
 * forced to the disk and renamed into place, so a crash or a full disk leaves the previous
 * checkpoints as they were; only the latest {@code keep} are kept.
 */
public final class CheckpointFiles {
    public static final String FOLDER = "checkpoints";
    private static final byte[] MAGIC = "LAMCKPT1".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX = MAGIC.length + 8 + 4;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{1,9})\\.lamina-ckpt");

    /** A checkpoint read back, and the file it came from. */
    public record Found(Path file, Checkpoint checkpoint) {
    }

    private CheckpointFiles() {
    }

    /** Writes {@code c} as the run's next checkpoint and deletes all but the latest {@code keep}; returns its file. */
    public static Path write(Path run, Checkpoint c, int keep) throws IOException {
        Path dir = Files.createDirectories(run.resolve(FOLDER));
        List<Path> existing = list(run);
        int n = existing.isEmpty() ? 1 : number(existing.get(existing.size() - 1)) + 1;
        Path target = dir.resolve("checkpoint-" + n + ".lamina-ckpt");
        Path tmp = dir.resolve(".checkpoint-" + n + ".tmp");
        byte[] payload = c.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer head = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putLong(payload.length).putInt((int) crc.getValue()).flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer body = ByteBuffer.wrap(payload);
            while (head.hasRemaining() || body.hasRemaining()) {
                ch.write(new ByteBuffer[] {head, body});
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("writing checkpoint " + target + " failed (" + e.getMessage() + "); the earlier ones"
                    + " are intact", e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        List<Path> all = list(run);
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
        return target;
    }

    /** The run's checkpoint files, oldest first. */
    public static List<Path> list(Path run) throws IOException {
        Path dir = run.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(CheckpointFiles::number)).toList();
        }
    }

    /** Reads one checkpoint file, checking its magic, length and checksum. */
    public static Checkpoint read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < PREFIX || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + " is not a Lamina checkpoint (no 'LAMCKPT1' at its start)");
        }
        ByteBuffer head = ByteBuffer.wrap(bytes, MAGIC.length, 12).order(ByteOrder.LITTLE_ENDIAN);
        long length = head.getLong();
        int sum = head.getInt();
        if (length != bytes.length - PREFIX) {
            throw new IOException(file + " is truncated or padded: it holds " + (bytes.length - PREFIX)
                    + " bytes of checkpoint, its header says " + length);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, PREFIX, bytes.length - PREFIX);
        if ((int) crc.getValue() != sum) {
            throw new IOException(file + " is corrupt: its CRC32C does not match");
        }
        return Checkpoint.parseFrom(ByteBuffer.wrap(bytes, PREFIX, bytes.length - PREFIX));
    }

    /**
     * The latest checkpoint that reads back whole, saying on {@code notes} which later ones were
     * damaged and skipped; null when the run has none.
     */
    public static Found latest(Path run, PrintStream notes) throws IOException {
        List<Path> files = new ArrayList<>(list(run));
        java.util.Collections.reverse(files);
        for (Path f : files) {
            try {
                return new Found(f, read(f));
            } catch (IOException e) {
                notes.println("note: " + e.getMessage() + "; trying the checkpoint before it");
            }
        }
        return null;
    }

    private static int number(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p + " is not a checkpoint file name");
        }
        return Integer.parseInt(m.group(1));
    }
}
