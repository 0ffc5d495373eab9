package org.lamina.kernels.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Kernel;
import com.aparapi.device.OpenCLDevice;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one way OpenCL kernels run: on the device, or an error; never silently on Java threads. */
class DeviceKernelTest {

    /** {@code out = 2 · in} over a (column, row) range of a row-major matrix. */
    static final class Doubler extends Kernel {
        float[] in = new float[1];
        float[] out = new float[1];
        int width;

        @Override
        public void run() {
            int i = getGlobalId(1) * width + getGlobalId(0);
            out[i] = 2 * in[i];
        }
    }

    /** Allocates inside {@code run()}, which Aparapi cannot translate to OpenCL. */
    static final class Untranslatable extends Kernel {
        float[] out = new float[1];

        @Override
        public void run() {
            float[] scratch = new float[] {1f};
            out[getGlobalId(0)] = scratch[0];
        }
    }

    @Test
    void withoutADeviceItRefusesToBeMade() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new DeviceKernel<>(new Doubler(), null, "doubler"));
        assertTrue(e.getMessage().contains("the OpenCL doubler needs an OpenCL device"), e.getMessage());
    }

    @Tag("opencl")
    @Test
    void itRunsOnTheDeviceAndFollowsChangingShapes() {
        try (DeviceKernel<Doubler> cl = new DeviceKernel<>(new Doubler(), OpenClTestSupport.device(), "doubler")) {
            for (int[] shape : new int[][] {{3, 2}, {3, 2}, {5, 1}, {1, 7}}) {
                float[] in = new float[shape[0] * shape[1]];
                float[] expected = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    in[i] = i - 1.5f;
                    expected[i] = 2 * in[i];
                }
                float[] out = new float[in.length];
                Doubler k = cl.kernel();
                k.in = in;
                k.out = out;
                k.width = shape[0];
                cl.put(in).run(shape[0], shape[1]).get(out);
                assertTrue(cl.isRunningCL());
                assertArrayEquals(expected, out);
            }
        }
    }

    /**
     * Aparapi's default ({@code sharedMemory}) gives the device a Java array's address as a buffer's
     * storage ({@code CL_MEM_USE_HOST_PTR}) and keeps it after the call that pinned the array, so a
     * collection that moves the array leaves the device reading freed heap (issue 19;
     * {@code OpenClStressTest} shows the wrong results). A device a kernel is made for must copy.
     */
    @Tag("opencl")
    @Test
    void theDeviceCopiesBuffersInsteadOfUsingTheJavaArrays() {
        OpenCLDevice device = OpenClTestSupport.device();
        try (DeviceKernel<Doubler> cl = new DeviceKernel<>(new Doubler(), device, "doubler")) {
            assertFalse(device.isSharedMemory());
            float[] in = {1, 2};
            float[] out = new float[2];
            Doubler k = cl.kernel();
            k.in = in;
            k.out = out;
            k.width = 2;
            cl.put(in).run(2, 1).get(out);
            assertArrayEquals(new float[] {2, 4}, out);
            assertFalse(device.isSharedMemory(), "still copying after a run");
        }
    }

    @Tag("opencl")
    @Test
    void aKernelThatCannotRunAsOpenClIsAnErrorNotAJavaFallback() {
        try (DeviceKernel<Untranslatable> cl = new DeviceKernel<>(new Untranslatable(), OpenClTestSupport.device(),
                "untranslatable kernel")) {
            cl.kernel().out = new float[4];
            // Aparapi falls back to its Java thread pool even on a device's range (it logs "Device failed");
            // the run must then fail, not return as if it had run on the device.
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> cl.run(4, 1));
            assertTrue(e.getMessage().startsWith("the OpenCL untranslatable kernel fell back to Java threads"),
                    e.getMessage());
        }
    }
}
