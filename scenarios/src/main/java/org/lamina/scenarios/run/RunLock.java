package org.lamina.scenarios.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's proof of life: {@code run.lock} in its folder, locked ({@link FileChannel#lock()}) by
 * the process that runs it from before its manifest says "running" until after it says how the
 * run ended, then removed. The operating system drops the lock when the process ends, however it
 * ends (kill -9, out of memory, a crash), so a manifest that still says "running" while nobody
 * holds the lock belongs to a dead run ({@link RunState}).
 *
 * <p>File locks belong to a process and are advisory; on a network file system they may not be
 * honoured, and a run folder there may be reported as running after its process died.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "run.lock";

    /**
     * The folders this JVM holds. A reader in the same JVM must not open their lock file: on
     * Linux, closing any channel to a file drops every lock the process holds on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates and locks {@code folder/run.lock}, which holds this process's id and host. */
    public static RunLock acquire(Path folder) throws IOException {
        Path key = folder.toAbsolutePath().normalize();
        FileChannel ch = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new IOException(folder.resolve(FILE) + " is locked by another process: the folder is in use");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((process() + "\n").getBytes(StandardCharsets.UTF_8)));
            HELD.add(key);
            return new RunLock(key, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(folder.resolve(FILE)); // an unlocked lock file would read as a dead run
            throw e;
        }
    }

    /** This process as {@code pid@host}. */
    public static String process() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    /** Whether {@code folder}'s lock file exists. */
    static boolean exists(Path folder) {
        return Files.exists(folder.resolve(FILE));
    }

    /** What a reader finds: a live holder, no holder (taking the lock for {@code whileFree}), or no lock file. */
    enum Probe { HELD, FREE, ABSENT }

    /** Something to do while holding the lock of a folder nobody else holds (marking its manifest). */
    @FunctionalInterface
    interface WhileFree {
        void run() throws IOException;
    }

    /**
     * Whether a live process holds {@code folder}'s lock. When none does, runs {@code whileFree}
     * holding it, so that no run can start in the folder meanwhile.
     */
    static Probe probe(Path folder, WhileFree whileFree) throws IOException {
        if (HELD.contains(folder.toAbsolutePath().normalize())) {
            return Probe.HELD;
        }
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return Probe.ABSENT;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock;
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, true); // shared: the runner's is exclusive; needs read access only
            } catch (OverlappingFileLockException e) {
                return Probe.HELD; // this JVM holds it
            }
            if (lock == null) {
                return Probe.HELD;
            }
            try {
                whileFree.run();
            } finally {
                lock.release();
            }
            return Probe.FREE;
        } catch (java.nio.file.NoSuchFileException e) {
            return Probe.ABSENT; // removed as the run ended, between the check and the open
        }
    }

    /** Releases the lock and removes the file (the manifest says by now how the run ended). */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(folder.resolve(FILE));
            lock.release();
        } finally {
            HELD.remove(folder);
            channel.close();
        }
    }
}
