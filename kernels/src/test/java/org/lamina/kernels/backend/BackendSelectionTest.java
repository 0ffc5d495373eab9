package org.lamina.kernels.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.Device;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {

    @Test
    void javaIsAlwaysAvailable() {
        BackendSelection s = BackendSelection.select(BackendRequest.JAVA);
        assertEquals(Backend.JAVA, s.backend());
        assertEquals("", s.reason());
        assertTrue(s.summary().contains("using java"), s.summary());
    }

    @Test
    void autoTakesAGpuOrSaysWhyNot() {
        BackendSelection s = BackendSelection.select(BackendRequest.AUTO);
        boolean gpu = OpenCl.discover().devices().stream().anyMatch(d -> d.getType() == Device.TYPE.GPU);
        assertEquals(gpu ? Backend.OPENCL : Backend.JAVA, s.backend());
        if (!gpu) {
            assertTrue(!s.reason().isEmpty(), "auto must say why it did not take OpenCL");
        }
    }

    @Test
    void openclFailsClearlyWithoutADeviceOrSelectsOne() {
        if (OpenCl.discover().available()) {
            BackendSelection s = BackendSelection.select(BackendRequest.OPENCL);
            assertEquals(Backend.OPENCL, s.backend());
            assertNotNull(s.device());
        } else {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> BackendSelection.select(BackendRequest.OPENCL));
            assertTrue(e.getMessage().contains("'opencl' was requested"), e.getMessage());
        }
    }

    @Tag("opencl")
    @Test
    void anOpenClDeviceIsThereWhereOneIsRequired() {
        assertNotNull(OpenClTestSupport.device());
    }

    @Test
    void requestsParseAndBadOnesAreNamed() {
        assertEquals(BackendRequest.AUTO, BackendRequest.parse(" Auto "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendRequest.parse("cuda"));
        assertTrue(e.getMessage().contains("expected auto, opencl or java"));
    }
}
