package org.lamina.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.backend.Backend;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.plasticity.KrotovParams;
import org.lamina.kernels.plasticity.KrotovRule;
import org.lamina.kernels.plasticity.SoftHebbParams;
import org.lamina.kernels.plasticity.SoftHebbRule;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.spikes.SpikeAccumulation;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.kernels.supervised.ErrorPropagation;
import org.lamina.kernels.supervised.SoftmaxReadout;

/** The one factory hands out every kernel of the backend it was made for. */
class KernelsTest {

    /** The backend of every kernel the factory makes (closing each). */
    static List<Backend> backends(Kernels k) {
        try (MatrixProduct product = k.product();
             KrotovRule krotov = k.krotov(KrotovParams.paper());
             SoftHebbRule softHebb = k.softHebb(SoftHebbParams.mnistPreset());
             CounterHebbRule counterHebb = k.counterHebb();
             ErrorPropagation propagation = k.errorPropagation(ErrorFeedback.backprop(Activation.RELU));
             SoftmaxReadout readout = k.softmaxReadout();
             SpikeAccumulation spikes = k.spikeAccumulation()) {
            return List.of(product.backend(), krotov.backend(), softHebb.backend(), counterHebb.backend(),
                    propagation.backend(), readout.backend(), spikes.backend());
        }
    }

    @Test
    void everyKernelOfTheJavaAndReferenceFactoriesIsOfTheirBackend() {
        assertEquals(Backend.JAVA, Kernels.java().backend());
        assertEquals(List.of(Backend.JAVA, Backend.JAVA, Backend.JAVA, Backend.JAVA, Backend.JAVA, Backend.JAVA,
                Backend.JAVA),
                backends(Kernels.java()));
        Kernels reference = Kernels.of(OpenClTestSupport.reference());
        assertEquals(List.of(Backend.REFERENCE, Backend.REFERENCE, Backend.REFERENCE, Backend.REFERENCE,
                Backend.REFERENCE, Backend.REFERENCE, Backend.REFERENCE), backends(reference));
        assertThrows(IllegalArgumentException.class, () -> Kernels.of(null));
    }

    @Tag("opencl")
    @Test
    void everyKernelOfTheOpenClFactoryIsOpenCl() {
        Kernels cl = Kernels.of(OpenClTestSupport.selection());
        assertEquals(List.of(Backend.OPENCL, Backend.OPENCL, Backend.OPENCL, Backend.OPENCL, Backend.OPENCL,
                Backend.OPENCL, Backend.OPENCL), backends(cl));
    }
}
