package org.lamina.sim.spec;

import org.lamina.sim.model.ModelDescriptor;

/**
 * A population: {@code size} units simulated for {@code batch} examples in parallel, with the
 * numerics of {@code model}.
 */
public record PopulationSpec(String name, int size, int batch, ModelDescriptor model) {
    public PopulationSpec {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("population name must start with a letter and use letters, digits, '_', '.', '-': "
                    + name);
        }
        if (size < 1) {
            throw new IllegalArgumentException("population " + name + ": size must be >= 1, got " + size);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("population " + name + ": batch must be >= 1, got " + batch);
        }
        if (model == null) {
            throw new IllegalArgumentException("population " + name + ": model is required");
        }
    }
}
