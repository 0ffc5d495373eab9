package org.lamina.kernels.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs {@code body(0 .. n-1)} on a fork-join pool sized to the cores, in contiguous chunks.
 * Tasks must write disjoint outputs: then results do not depend on the number of threads.
 */
public final class ParallelLoop {
    private static final ParallelLoop SHARED = new ParallelLoop(Runtime.getRuntime().availableProcessors());

    private final ForkJoinPool pool;
    private final int threads;

    public ParallelLoop(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, ForkJoinPool.defaultForkJoinWorkerThreadFactory,
                null, false);
    }

    /** One pool per JVM for the kernels, sized to the cores. */
    public static ParallelLoop shared() {
        return SHARED;
    }

    public int threads() {
        return threads;
    }

    public void forEach(int n, IntConsumer body) {
        if (pool == null || n < 2) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        int chunks = Math.min(n, threads * 4);
        pool.invoke(new Chunk(body, n, 0, chunks, chunks));
    }

    private static final class Chunk extends RecursiveAction {
        private final IntConsumer body;
        private final int n;
        private final int from;
        private final int to;
        private final int chunks;

        Chunk(IntConsumer body, int n, int from, int to, int chunks) {
            this.body = body;
            this.n = n;
            this.from = from;
            this.to = to;
            this.chunks = chunks;
        }

        @Override
        protected void compute() {
            if (to - from > 1) {
                int mid = (from + to) >>> 1;
                invokeAll(new Chunk(body, n, from, mid, chunks), new Chunk(body, n, mid, to, chunks));
                return;
            }
            int start = (int) ((long) n * from / chunks);
            int end = (int) ((long) n * (from + 1) / chunks);
            for (int i = start; i < end; i++) {
                body.accept(i);
            }
        }
    }
}
