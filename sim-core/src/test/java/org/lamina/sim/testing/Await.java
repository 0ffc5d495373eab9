package org.lamina.sim.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;

/** The one place tests wait for effects outside actors (files flushed, processes ended). */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration atMost, Callable<Boolean> condition) {
        await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
