package org.lamina.kernels.parallel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Runs {@code body(0 .. n-1)} on {@code threads} threads: the calling thread and
 * {@code threads - 1} helper threads of this loop, in contiguous chunks claimed from a shared
 * counter. Tasks must write disjoint outputs: then results do not depend on the number of
 * threads.
 *
 * <p>Why not a {@code ForkJoinPool}: a kernel step is a chain of short parallel loops, each a
 * barrier, called from an actor's thread. With a pool, the caller may run the root task itself
 * and fork its halves into whatever pool the caller belongs to (the actor system's dispatcher,
 * or the common pool), so a loop ran on more threads than cores and a descheduled chunk held
 * the barrier for a scheduler time slice (a 3.1 ms Krotov step took 5.9 ms one time in ten).
 * Here exactly {@code threads} threads compute, and the caller is one of them. Helpers spin
 * briefly between loops (the next loop of a step usually follows within microseconds), then
 * park.
 *
 * <p>One loop runs at a time: a second caller waits for the first to finish. A {@code forEach}
 * called from inside a body runs serially on its thread.
 */
public final class ParallelLoop {
    private static final ParallelLoop SHARED = new ParallelLoop(Runtime.getRuntime().availableProcessors());
    /** How long an idle helper polls for the next loop before it parks. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final Thread[] helpers;
    private final ReentrantLock callers = new ReentrantLock();
    /** The loop in progress (or the last one); a new one is published by replacing it. */
    private volatile Job job;

    public ParallelLoop(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            Thread t = new Thread(this::helperLoop, "lamina-kernel-" + (i + 1));
            t.setDaemon(true);
            helpers[i] = t;
            t.start();
        }
    }

    /** One loop per JVM for the kernels, sized to the cores. */
    public static ParallelLoop shared() {
        return SHARED;
    }

    public int threads() {
        return threads;
    }

    public void forEach(int n, IntConsumer body) {
        if (threads == 1 || n < 2 || INSIDE.get()) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        callers.lock();
        INSIDE.set(true);
        try {
            Job j = new Job(body, n, Math.min(n, threads * 4), Thread.currentThread());
            job = j;
            for (Thread h : helpers) {
                LockSupport.unpark(h);
            }
            j.work();
            j.awaitDone();
            Throwable failure = j.failure;
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            INSIDE.set(false);
            callers.unlock();
        }
    }

    private void helperLoop() {
        INSIDE.set(true);
        Job done = null;
        while (true) {
            Job j = job;
            if (j != null && j != done) {
                j.work();
                done = j;
                continue;
            }
            long until = System.nanoTime() + SPIN_NANOS;
            while (job == done && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (job == done) {
                LockSupport.park(this);
            }
        }
    }

    /** One {@code forEach}: chunks are claimed from {@code next}; the caller waits for {@code finished}. */
    private static final class Job {
        private final IntConsumer body;
        private final int n;
        private final int chunks;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Job(IntConsumer body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.caller = caller;
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                int start = (int) ((long) n * c / chunks);
                int end = (int) ((long) n * (c + 1) / chunks);
                try {
                    for (int i = start; i < end; i++) {
                        body.accept(i);
                    }
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                }
                if (finished.incrementAndGet() == chunks) {
                    LockSupport.unpark(caller);
                }
            }
        }

        void awaitDone() {
            long until = System.nanoTime() + SPIN_NANOS;
            while (finished.get() < chunks) {
                if (System.nanoTime() < until) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }
}
