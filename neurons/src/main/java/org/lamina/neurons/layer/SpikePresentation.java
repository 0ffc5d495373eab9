package org.lamina.neurons.layer;

/**
 * How a layer's spike-coded input arrives: each minibatch's spikes fall on the first
 * {@code steps} steps of a presentation of {@code stepsPerPresentation} steps, which begin with
 * the phase (a {@code dataset-input} with {@code encoding = poisson} or {@code regular}).
 */
public record SpikePresentation(int steps, int stepsPerPresentation) {

    public SpikePresentation {
        if (steps < 1 || steps > stepsPerPresentation) {
            throw new IllegalArgumentException("a presentation's spikes fall on 1.." + stepsPerPresentation + " steps, got "
                    + steps);
        }
    }
}
