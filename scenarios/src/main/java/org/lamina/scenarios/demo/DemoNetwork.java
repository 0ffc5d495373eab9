package org.lamina.scenarios.demo;

import java.util.List;
import java.util.Set;
import org.lamina.neurons.input.PatternInput;
import org.lamina.neurons.lif.LifInhibition;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;

/**
 * The built-in demo: Poisson input (a new random pattern of rates per example every 250 ms)
 * drives a LIF layer with lateral inhibition, which drives a smaller LIF layer with stronger
 * inhibition. It runs until the scenario DSL provides real experiments, and it exercises every
 * engine path: two delays, a minibatch, spikes, sampled state and weight snapshots.
 */
public record DemoNetwork(long seed, int batch, double dtMs) {

    public static final int INPUT = 200;
    public static final int HIDDEN = 100;
    public static final int OUTPUT = 10;
    public static final int PRESENTATION_STEPS = 500;

    public NetworkSpec network() {
        return new NetworkSpec(List.of(
                new PopulationSpec("input", INPUT, batch,
                        new PatternInput(PatternInput.Coding.POISSON, PRESENTATION_STEPS, 60.0)),
                new PopulationSpec("hidden", HIDDEN, batch, new LifInhibition(10.0, 1.0, 0.08, 4)),
                new PopulationSpec("output", OUTPUT, batch, new LifInhibition(20.0, 1.0, 0.4, 4))),
                List.of(new ProjectionSpec("input", "hidden", 1, WeightInit.uniform(0.0, 0.05)),
                        new ProjectionSpec("hidden", "output", 2, WeightInit.uniform(0.0, 0.25))),
                dtMs, seed);
    }

    public RecordingSpec recording() {
        return new RecordingSpec(Set.of("input", "hidden", "output"),
                List.of(new RecordingSpec.StateProbe("hidden", "v", new int[] {0, 25, 50, 75}, 1),
                        new RecordingSpec.StateProbe("output", "v", new int[0], 5)),
                List.of(new RecordingSpec.WeightProbe("hidden", "output", 500)));
    }

    /** The demo's parameters as HOCON, recorded in the trace header as its scenario. */
    public String describe(long steps) {
        return String.join("\n",
                "name = demo",
                "seed = " + seed,
                "dt-ms = " + dtMs,
                "steps = " + steps,
                "network {",
                "  populations = [",
                "    { name = input, size = " + INPUT + ", batch = " + batch
                        + ", model = pattern-input, coding = poisson, steps-per-presentation = " + PRESENTATION_STEPS
                        + ", scale = 60.0 }",
                "    { name = hidden, size = " + HIDDEN + ", batch = " + batch
                        + ", model = lif-inhibition, tau-ms = 10.0, threshold = 1.0, inhibition = 0.08, refractory-steps = 4 }",
                "    { name = output, size = " + OUTPUT + ", batch = " + batch
                        + ", model = lif-inhibition, tau-ms = 20.0, threshold = 1.0, inhibition = 0.4, refractory-steps = 4 }",
                "  ]",
                "  projections = [",
                "    { source = input, target = hidden, delay-steps = 1, init = \"uniform(0.0, 0.05)\" }",
                "    { source = hidden, target = output, delay-steps = 2, init = \"uniform(0.0, 0.25)\" }",
                "  ]",
                "}",
                "recording {",
                "  spikes = [input, hidden, output]",
                "  state = [ { population = hidden, variable = v, units = [0, 25, 50, 75], every = 1 },"
                        + " { population = output, variable = v, every = 5 } ]",
                "  weights = [ { source = hidden, target = output, every = 500 } ]",
                "}",
                "");
    }
}
