package org.lamina.scenarios.run;

import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.scenarios.dsl.BadInputException;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.model.Services;

/** The kernel backend of a run: chosen once from {@code --backend}, told to models, recorded in the trace. */
public record KernelChoice(BackendSelection selection) {

    /** Selects for {@code auto|opencl|java}; bad or unavailable choices are bad input (exit 2). */
    public static KernelChoice parse(String request) {
        try {
            return new KernelChoice(BackendSelection.select(BackendRequest.parse(request)));
        } catch (IllegalArgumentException | BackendUnavailableException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    public Services services() {
        return Services.of(selection);
    }

    public RunInfo.Backend traceHeader() {
        return new RunInfo.Backend(selection.requested().label(), selection.backend().label(), selection.deviceName(),
                selection.reason());
    }
}
