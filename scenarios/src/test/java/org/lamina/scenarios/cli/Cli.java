package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code lamina} run in this JVM, its output captured. */
final class Cli {
    private Cli() {
    }

    /** Runs {@code lamina args}, checks its exit code and returns what it printed on stdout. */
    static String out(int exitCode, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(exitCode, code, out);
        return out;
    }

    /** Runs {@code lamina args}, checks its exit code and returns what it printed on stderr. */
    static String err(int exitCode, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setErr(old);
        }
        String err = buf.toString(StandardCharsets.UTF_8);
        assertEquals(exitCode, code, err);
        return err;
    }
}
