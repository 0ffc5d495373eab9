package org.lamina.kernels.backend;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;

/**
 * The backend a run really uses, its device, and why it differs from the request (if it does).
 * Never silent: the selection is printed and recorded in the trace header.
 */
public record BackendSelection(BackendRequest requested, Backend backend, OpenCLDevice device, String deviceName,
                               String reason) {

    /**
     * {@code java}: the Java backend. {@code opencl}: the first OpenCL GPU, else any OpenCL
     * device (e.g. PoCL on the CPU); fails clearly if there is none. {@code auto}: an OpenCL GPU
     * if there is one, else the Java backend (a CPU OpenCL device is slower than it).
     */
    public static BackendSelection select(BackendRequest request) {
        String cpu = "cpu, " + Runtime.getRuntime().availableProcessors() + " threads";
        if (request == BackendRequest.JAVA) {
            return new BackendSelection(request, Backend.JAVA, null, cpu, "");
        }
        OpenCl.Discovery found = OpenCl.discover();
        OpenCLDevice gpu = found.devices().stream().filter(d -> d.getType() == Device.TYPE.GPU).findFirst().orElse(null);
        if (request == BackendRequest.OPENCL) {
            OpenCLDevice d = gpu != null ? gpu : found.devices().stream().findFirst()
                    .orElseThrow(() -> new BackendUnavailableException("kernel backend 'opencl' was requested but "
                            + found.problem() + "; use --backend java or auto"));
            return new BackendSelection(request, Backend.OPENCL, d, OpenCl.describe(d), "");
        }
        if (gpu != null) {
            return new BackendSelection(request, Backend.OPENCL, gpu, OpenCl.describe(gpu), "");
        }
        String why = found.available()
                ? "no OpenCL GPU (only " + OpenCl.describe(found.devices().get(0)) + "); the Java backend is faster on CPUs"
                : found.problem();
        return new BackendSelection(request, Backend.JAVA, null, cpu, why);
    }

    /** One line for people: what runs where, and why. */
    public String summary() {
        return "kernels: requested " + requested.label() + ", using " + backend.label() + " on " + deviceName
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
