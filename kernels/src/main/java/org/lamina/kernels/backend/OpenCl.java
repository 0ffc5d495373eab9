package org.lamina.kernels.backend;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.util.ArrayList;
import java.util.List;

/** The OpenCL devices Aparapi can see; empty (with the reason) when there is no OpenCL at all. */
public final class OpenCl {
    private static volatile Discovery discovery;

    /** Devices found and, if none, why. */
    public record Discovery(List<OpenCLDevice> devices, String problem) {
        public boolean available() {
            return !devices.isEmpty();
        }
    }

    private OpenCl() {
    }

    public static Discovery discover() {
        Discovery d = discovery;
        if (d == null) {
            synchronized (OpenCl.class) {
                if (discovery == null) {
                    discovery = probe();
                }
                d = discovery;
            }
        }
        return d;
    }

    private static Discovery probe() {
        List<OpenCLDevice> found = new ArrayList<>();
        try {
            for (Device.TYPE type : new Device.TYPE[] {Device.TYPE.GPU, Device.TYPE.ACC, Device.TYPE.CPU}) {
                List<OpenCLDevice> devices = OpenCLDevice.listDevices(type);
                if (devices != null) {
                    found.addAll(devices);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return new Discovery(List.of(), "OpenCL is not usable: " + e);
        }
        return new Discovery(List.copyOf(found), found.isEmpty() ? "no OpenCL platform or device found (is an ICD such as "
                + "pocl-opencl-icd or a GPU driver installed?)" : "");
    }

    public static String describe(OpenCLDevice d) {
        return d.getType().name().toLowerCase(java.util.Locale.ROOT) + " '" + d.getName().trim() + "' on "
                + d.getOpenCLPlatform().getName().trim() + " (" + d.getMaxComputeUnits() + " compute units, "
                + d.getGlobalMemSize() / (1 << 20) + " MiB)";
    }
}
