package org.lamina.scenarios.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code lamina} in a JVM of its own (the test classpath), for what only a real process shows:
 * signals, kill -9, a heap or file-size limit. Its output (stdout and stderr) goes to a file.
 */
final class LaminaProcess {
    private final Process process;
    private final Path output;

    private LaminaProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code lamina args...} with {@code jvmOptions}; {@code fileSizeLimitKiB > 0} runs it
     * under bash's {@code ulimit -f} (KiB): writing a file past that size fails with "File too large"
     * (the JVM ignores SIGXFSZ), as writing to a full disk would.
     */
    static LaminaProcess start(Path dir, List<String> jvmOptions, long fileSizeLimitKiB, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (fileSizeLimitKiB > 0) {
            cmd.addAll(List.of("bash", "-c", "ulimit -f " + fileSizeLimitKiB + " && exec \"$@\"", "bash"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Quiet logback: the test classpath holds two logback-test.xml, which it would report at length.
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Dslf4j.internal.verbosity=ERROR",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "lamina-", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        return new LaminaProcess(pb.start(), output);
    }

    Process process() {
        return process;
    }

    /** Sends {@code signal} (e.g. {@code INT}) with kill(1). */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits for it to exit and returns its exit code; kills it (and fails) after {@code atMost}. */
    int exitCode(Duration atMost) throws IOException, InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("lamina did not exit within " + atMost + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(output);
    }
}
