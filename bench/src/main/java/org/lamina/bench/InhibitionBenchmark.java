package org.lamina.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.lamina.neurons.krotov.InhibitionDynamics;
import org.lamina.neurons.ode.Integrator;
import org.lamina.sim.rng.CounterRng;

/**
 * {@code lamina bench inhibition}: Krotov–Hopfield integration steps per second for a
 * {@code batch × units} state on the calling thread (one core), per integrator. Currents are
 * random normal; inhibition is strong enough that most units go silent, as in a real run.
 */
public final class InhibitionBenchmark {
    private InhibitionBenchmark() {
    }

    public static double stepsPerSecond(String integratorName, int units, int batch, int steps, int repeats) {
        float[] currents = new float[batch * units];
        CounterRng rng = CounterRng.stream(1, CounterRng.DATA, 0);
        for (int i = 0; i < currents.length; i++) {
            currents[i] = (float) rng.normal(0, i);
        }
        InhibitionDynamics d = new InhibitionDynamics(batch, units, 1f, 0.05f, 1f, currents);
        Integrator integrator = Integrator.named(integratorName, batch * units);
        float[] h = new float[batch * units];
        for (int s = 0; s < steps; s++) { // warm-up
            integrator.step(d, h, 0.01f);
        }
        List<Double> rates = new ArrayList<>();
        double checksum = 0;
        for (int r = 0; r < repeats; r++) {
            java.util.Arrays.fill(h, 0f);
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                integrator.step(d, h, 0.01f);
            }
            rates.add(steps / ((System.nanoTime() - t0) / 1e9));
            checksum += h[r % h.length];
        }
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("integration diverged");
        }
        return EngineBenchmark.median(rates);
    }

    public static void run(PrintStream out, int units, int batch, int steps, int repeats) {
        out.printf("Krotov-Hopfield integration, N = %d units, B = %d examples, one thread, median of %d x %d steps%n",
                units, batch, repeats, steps);
        out.println("| integrator | steps/s | unit updates/s |");
        out.println("|---|---|---|");
        for (String name : new String[] {"euler", "exponential-euler", "rk4"}) {
            double sps = stepsPerSecond(name, units, batch, steps, repeats);
            out.printf("| %s | %.0f | %.2f G |%n", name, sps, sps * units * batch / 1e9);
        }
    }
}
