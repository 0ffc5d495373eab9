package org.lamina.scenarios.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lamina.kernels.Kernels;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.scenarios.dsl.BadInputException;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.model.Services;

/**
 * The kernel backends of a run: the run's, chosen once from {@code --backend} (or the scenario's
 * {@code backend}), and, for a scenario whose populations override it
 * ({@code network.populations.<name>.backend}), each such population's own. Given to the models
 * as one {@link Kernels} factory per backend through the run's {@link Services}; the run's is
 * recorded in the trace header, every one in the manifest.
 *
 * @param selection   the run's backend
 * @param populations the populations with a backend of their own, by name (sorted)
 */
public record KernelChoice(BackendSelection selection, SortedMap<String, BackendSelection> populations) {

    public KernelChoice {
        populations = Collections.unmodifiableSortedMap(new TreeMap<>(populations));
    }

    /** Selects for {@code auto|opencl|java}; bad or unavailable choices are bad input (exit 2). */
    public static KernelChoice parse(String request) {
        try {
            return new KernelChoice(BackendSelection.select(BackendRequest.parse(request)), new TreeMap<>());
        } catch (IllegalArgumentException | BackendUnavailableException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /**
     * The run's backend and, for each population of {@code scenario} that asks for its own, that
     * one, selected now: a population asking for a backend that cannot run here (such as
     * {@code opencl} without an OpenCL device) is bad input (exit 2), before anything runs.
     */
    public KernelChoice forScenario(Scenario scenario) {
        SortedMap<String, BackendSelection> own = new TreeMap<>();
        Map<String, BackendSelection> byRequest = new TreeMap<>();
        for (Map.Entry<String, String> e : scenario.populationBackends().entrySet()) {
            String request = e.getValue();
            BackendSelection s = byRequest.get(request);
            if (s == null) {
                try {
                    s = BackendSelection.select(BackendRequest.parse(request));
                } catch (IllegalArgumentException | BackendUnavailableException ex) {
                    throw new BadInputException("network.populations." + e.getKey() + ".backend = " + request + ": "
                            + ex.getMessage(), ex);
                }
                byRequest.put(request, s);
            }
            own.put(e.getKey(), s);
        }
        return new KernelChoice(selection, own);
    }

    /** What the models are given: the run's kernels, and each overriding population its own. */
    public Services services() {
        Services services = Services.of(Kernels.of(selection));
        for (Map.Entry<String, BackendSelection> e : populations.entrySet()) {
            services = services.withPopulation(e.getKey(), Kernels.of(e.getValue()));
        }
        return services;
    }

    /** One line per backend for people: the run's, then each population's own. */
    public List<String> summaries() {
        List<String> lines = new ArrayList<>(List.of(selection.summary()));
        populations.forEach((pop, s) -> lines.add("population " + pop + ": " + s.summary()));
        return lines;
    }

    public RunInfo.Backend traceHeader() {
        return new RunInfo.Backend(selection.requested().label(), selection.backend().label(), selection.deviceName(),
                selection.reason());
    }
}
