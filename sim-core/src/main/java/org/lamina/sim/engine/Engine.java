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

    private Engine() {
    }

    /**
     * An actor system whose compute dispatcher has exactly {@code computeThreads} threads,
     * or one per core when {@code computeThreads <= 0}.
     */
    public static ActorSystem<Void> actorSystem(String name, int computeThreads) {
        return ActorSystem.create(Behaviors.empty(), name, config(computeThreads));
    }

    public static Config config(int computeThreads) {
        Config base = ConfigFactory.load();
        if (computeThreads <= 0) {
            return base;
        }
        return ConfigFactory.parseMap(Map.of(
                COMPUTE_DISPATCHER + ".fork-join-executor.parallelism-min", computeThreads,
                COMPUTE_DISPATCHER + ".fork-join-executor.parallelism-max", computeThreads)).withFallback(base);
    }
}
