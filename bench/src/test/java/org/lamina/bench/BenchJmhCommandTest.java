package org.lamina.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `lamina bench jmh` finds its JMH benchmarks in the build (the annotation processor's list),
 * runs them and turns the scores into the BENCHMARKS.md table; speed itself is not asserted.
 */
@Timeout(120)
class BenchJmhCommandTest {

    private static String run(int[] code, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code[0] = BenchMain.execute(args);
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheProductBenchmarkInProcessAndReportsGflops() {
        int[] code = new int[1];
        String out = run(code, "bench", "jmh", "--forks", "0", "--warmup", "0", "--iterations", "1",
                "--only", "forwardProduct", "--ceiling", "200");
        assertEquals(0, code[0], out);
        Matcher m = Pattern.compile("\\| forwardProduct \\| java \\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) \\| ([0-9.]+)% \\|")
                .matcher(out);
        assertTrue(m.find(), out);
        double ms = Double.parseDouble(m.group(1));
        double gflops = Double.parseDouble(m.group(2));
        // GFLOP/s is the product's 2 * 2000 * 784 * 100 flops over the measured time, the share over 200.
        assertEquals(2.0 * 2000 * 784 * 100 / (ms * 1e6), gflops, gflops * 0.01 + 0.06);
        assertEquals(100 * gflops / 200, Double.parseDouble(m.group(3)), 0.06);
    }

    @Test
    void refusesAnUnknownBackendOrAPatternThatMatchesNothing() {
        int[] code = new int[1];
        run(code, "bench", "jmh", "--backend", "cuda");
        assertEquals(2, code[0]);
        run(code, "bench", "jmh", "--forks", "0", "--warmup", "0", "--iterations", "1", "--only", "noSuchBenchmark");
        assertEquals(2, code[0]);
    }
}
