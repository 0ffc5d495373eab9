package org.lamina.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EpochBenchmarkResultTest {

    @Test
    void overheadPairsEachEngineRepeatWithTheKernelRepeatBesideIt() {
        // The second repeat fell in a slow spell for the kernel only: the ratio of the medians
        // (1.1 / 3.0) would call the engine 63% faster than the kernel.
        EpochBenchmark.Result r = new EpochBenchmark.Result(EpochBenchmark.Rule.KROTOV, 2000, 100, 300,
                List.of(1.1, 1.1, 3.3), List.of(1.0, 3.0, 3.0));
        assertEquals(0.1, r.overhead(), 1e-12);
        assertEquals(1.1, r.engineSeconds(), 0);
        assertEquals(3.0, r.kernelSeconds(), 0);
        assertEquals(1.1 / 300 * 600, r.epochSeconds(1.1), 1e-12);
    }
}
