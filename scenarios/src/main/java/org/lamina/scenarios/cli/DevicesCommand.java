package org.lamina.scenarios.cli;

import com.aparapi.device.OpenCLDevice;
import java.util.concurrent.Callable;
import org.lamina.kernels.backend.BackendRequest;
import org.lamina.kernels.backend.BackendSelection;
import org.lamina.kernels.backend.BackendUnavailableException;
import org.lamina.kernels.backend.OpenCl;
import picocli.CommandLine.Command;

/** {@code lamina devices}: the OpenCL devices found and what each backend request would run on. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List OpenCL platforms and devices, and what --backend auto|opencl|java would use.")
public final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        OpenCl.Discovery found = OpenCl.discover();
        System.out.println("OpenCL devices:");
        if (!found.available()) {
            System.out.println("  none: " + found.problem());
        }
        for (OpenCLDevice d : found.devices()) {
            System.out.println("  " + OpenCl.describe(d) + ", platform version "
                    + d.getOpenCLPlatform().getVersion().trim());
        }
        System.out.println("backend requests:");
        for (BackendRequest r : BackendRequest.values()) {
            try {
                System.out.println("  " + r.label() + ": " + BackendSelection.select(r).summary());
            } catch (BackendUnavailableException e) {
                System.out.println("  " + r.label() + ": unavailable: " + e.getMessage());
            }
        }
        System.out.println("every kernel (batched product, Krotov, SoftHebb, error propagation BP/FA/sign-symmetry/DFA, "
                + "Counter-Hebb, softmax readout) has reference, java and opencl implementations.");
        return 0;
    }
}
