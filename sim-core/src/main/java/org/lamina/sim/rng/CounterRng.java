package org.lamina.sim.rng;

/**
 * Counter-based random numbers: every draw is a pure function of (key, step, index), so the
 * value a neuron or example gets never depends on how many draws happened before it or on
 * which thread ran. The key is derived from the run seed and a stream id (population,
 * projection, ...). The mixer is SplitMix64's finaliser applied over the key and counters,
 * which passes BigCrush as a counter-mode generator.
 */
public final class CounterRng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double INV_2_53 = 1.0 / (1L << 53);
    private static final float INV_2_24 = 1.0f / (1 << 24);

    /** Stream domain of a population's own draws (noise, Poisson input, ...). */
    public static final long POPULATION = 1;
    /** Stream domain of a projection's initial weights. */
    public static final long WEIGHT_INIT = 2;
    /** Stream domain of data order (shuffles, sampling) in scenarios. */
    public static final long DATA = 3;

    private final long key;

    private CounterRng(long key) {
        this.key = key;
    }

    /** The stream for {@code streamId} (a population or projection id) of a run seeded with {@code seed}. */
    public static CounterRng stream(long seed, long domain, long streamId) {
        return new CounterRng(mix(mix(seed ^ GOLDEN) ^ mix(domain * GOLDEN + 0x632BE59BD9B4E019L) + streamId));
    }

    public long key() {
        return key;
    }

    /** 64 random bits for (step, index). */
    public long bits(long step, long index) {
        return mix(key + mix(step * GOLDEN ^ 0xD1B54A32D192ED03L) + index * 0xBF58476D1CE4E5B9L);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double uniform(long step, long index) {
        return (bits(step, index) >>> 11) * INV_2_53;
    }

    /** Uniform in [0, 1) as a float with 24 random bits. */
    public float uniformFloat(long step, long index) {
        return (bits(step, index) >>> 40) * INV_2_24;
    }

    /** Standard normal by Box–Muller from two independent uniforms of the same counter. */
    public double normal(long step, long index) {
        long b = bits(step, index);
        double u1 = ((b >>> 11) + 1) * INV_2_53; // (0, 1]: log is finite
        double u2 = (mix(b ^ GOLDEN) >>> 11) * INV_2_53;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** SplitMix64 finaliser (Stafford variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
