package org.lamina.sim.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Creates actor systems configured for Lamina and names the engine's dispatchers. */
public final class Engine {
    /** Config path of the dispatcher population actors run on. */
    public static final String COMPUTE_DISPATCHER = "lamina.compute-dispatcher";
    /** Config path of the dispatcher the trace recorder runs on. */
    public static final String IO_DISPATCHER = "lamina.io-dispatcher";
    /**
     * The most compute threads a run may ask for. Far above any useful count (results do not
     * depend on it, and more threads than cores only add switching), and far below the 32767 that
     * the fork-join executor refuses, so a typo is caught with a clear message.
     */
    public static final int MAX_COMPUTE_THREADS = 1024;

    private Engine() {
    }

    /**
     * An actor system whose compute dispatcher has exactly {@code computeThreads} threads,
     * or one per core when {@code computeThreads <= 0}.
     *
     * @throws IllegalArgumentException when {@code computeThreads > MAX_COMPUTE_THREADS}
     */
    public static ActorSystem<Void> actorSystem(String name, int computeThreads) {
        return ActorSystem.create(Behaviors.empty(), name, config(computeThreads));
    }

    public static Config config(int computeThreads) {
        if (computeThreads > MAX_COMPUTE_THREADS) {
            throw new IllegalArgumentException("compute threads: " + computeThreads + " is more than the "
                    + MAX_COMPUTE_THREADS + " a run may use (1.." + MAX_COMPUTE_THREADS + ", or 0 for one per core)");
        }
        Config base = ConfigFactory.load();
        if (computeThreads <= 0) {
            return base;
        }
        return ConfigFactory.parseMap(Map.of(
                COMPUTE_DISPATCHER + ".fork-join-executor.parallelism-min", computeThreads,
                COMPUTE_DISPATCHER + ".fork-join-executor.parallelism-max", computeThreads)).withFallback(base);
    }
}
