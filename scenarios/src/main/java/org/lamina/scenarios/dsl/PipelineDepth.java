package org.lamina.scenarios.dsl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;

/**
 * How many steps after a dataset minibatch is presented its consequences arrive: the longest
 * sum of projection delays along a path (without repeating a population) from a
 * {@code dataset-input} population. A phase that counts epochs runs this many extra steps after
 * its last presentation so that every population has seen its last minibatch before it ends.
 */
final class PipelineDepth {

    private PipelineDepth() {
    }

    /** The longest delay path from any dataset-input to any population (0 with no projections). */
    static long fromInputs(List<PopulationSpec> populations, List<ProjectionSpec> projections) {
        long depth = 0;
        for (PopulationSpec p : populations) {
            if (p.model() instanceof DatasetInput) {
                depth = Math.max(depth, longest(p.name(), null, projections, new HashSet<>()));
            }
        }
        return depth;
    }

    /** The longest delay path from any image-emitting dataset-input to {@code target} (-1 when none reaches it). */
    static long arrival(String target, List<PopulationSpec> populations, List<ProjectionSpec> projections) {
        long best = -1;
        for (PopulationSpec p : populations) {
            if (p.model() instanceof DatasetInput in && in.emit() == DatasetInput.Emit.IMAGES) {
                best = Math.max(best, p.name().equals(target) ? 0 : longest(p.name(), target, projections, new HashSet<>()));
            }
        }
        return best;
    }

    /** Longest path delay from {@code from}: to {@code target}, or to anywhere when it is null (-1: unreachable). */
    private static long longest(String from, String target, List<ProjectionSpec> projections, Set<String> onPath) {
        onPath.add(from);
        long best = target == null ? 0 : -1;
        for (ProjectionSpec j : projections) {
            if (!j.source().equals(from) || onPath.contains(j.target())) {
                continue;
            }
            long rest = j.target().equals(target) ? 0 : longest(j.target(), target, projections, onPath);
            if (rest >= 0) {
                best = Math.max(best, j.delaySteps() + rest);
            }
        }
        onPath.remove(from);
        return best;
    }
}
