package org.lamina.kernels.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelLoopTest {

    @Test
    void everyIndexRunsExactlyOnceForEveryThreadCountAndSize() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            ParallelLoop loop = new ParallelLoop(threads);
            for (int n : new int[] {0, 1, 2, 7, 8, 100, 1001}) {
                int[] hits = new int[n];
                for (int rep = 0; rep < 20; rep++) {
                    loop.forEach(n, i -> hits[i]++);
                }
                int[] expected = new int[n];
                java.util.Arrays.fill(expected, 20);
                assertArrayEquals(expected, hits, threads + " threads, n = " + n);
            }
        }
    }

    @Test
    void theCallerAndTheHelpersComputeAndNoOtherThread() {
        ParallelLoop loop = new ParallelLoop(3);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int rep = 0; rep < 200; rep++) {
            loop.forEach(64, i -> {
                seen.add(Thread.currentThread());
                busy(20_000);
            });
        }
        assertTrue(seen.size() <= 3, "at most 3 threads, saw " + seen);
        assertTrue(seen.contains(Thread.currentThread()), "the caller takes chunks too");
        for (Thread t : seen) {
            assertTrue(t == Thread.currentThread() || t.getName().startsWith("lamina-kernel-"), t.getName());
        }
    }

    @Test
    void aFailureInABodyReachesTheCallerAndTheLoopStaysUsable() {
        ParallelLoop loop = new ParallelLoop(2);
        IllegalStateException thrown = new IllegalStateException("index 37");
        IllegalStateException got = assertThrows(IllegalStateException.class, () -> loop.forEach(100, i -> {
            if (i == 37) {
                throw thrown;
            }
        }));
        assertSame(thrown, got);
        AtomicInteger count = new AtomicInteger();
        loop.forEach(100, i -> count.incrementAndGet());
        assertEquals(100, count.get());
    }

    @Test
    void aLoopInsideABodyRunsSeriallyInsteadOfDeadlocking() {
        ParallelLoop loop = new ParallelLoop(2);
        AtomicInteger inner = new AtomicInteger();
        loop.forEach(8, i -> loop.forEach(10, j -> inner.incrementAndGet()));
        assertEquals(80, inner.get());
    }

    @Test
    void concurrentCallersEachGetTheirWholeLoop() throws Exception {
        ParallelLoop loop = new ParallelLoop(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            @SuppressWarnings("unchecked")
            Future<long[]>[] sums = new Future[4];
            for (int c = 0; c < 4; c++) {
                int offset = c;
                sums[c] = callers.submit(() -> {
                    start.await();
                    long[] out = new long[500];
                    for (int rep = 0; rep < 50; rep++) {
                        loop.forEach(500, i -> out[i] += i + offset);
                    }
                    return out;
                });
            }
            start.countDown();
            for (int c = 0; c < 4; c++) {
                long[] out = sums[c].get(60, TimeUnit.SECONDS);
                for (int i = 0; i < 500; i++) {
                    assertEquals(50L * (i + c), out[i], "caller " + c + ", index " + i);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static void busy(int iterations) {
        double x = 0;
        for (int i = 0; i < iterations; i++) {
            x += Math.sqrt(i);
        }
        if (x < 0) {
            throw new AssertionError();
        }
    }
}
