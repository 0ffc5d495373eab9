package org.lamina.scenarios.run;

import java.nio.file.Path;
import java.util.List;
import org.lamina.scenarios.dsl.Scenario;

/**
 * What a run's outputs know about it: its folder, the scenario and where it came from, the
 * kernels it runs on, and what it has measured so far (metrics from the frames in process, phase
 * timings as they end), and each time it was resumed from a checkpoint (empty for a run that never was).
 */
public record RunRecord(Path folder, Scenario scenario, String source, List<String> overrides, KernelChoice kernels,
                        MetricsCollector metrics, List<MetricsCollector.PhaseTiming> timings, List<String> resumes) {
    public RunRecord {
        resumes = List.copyOf(resumes);
    }
}
