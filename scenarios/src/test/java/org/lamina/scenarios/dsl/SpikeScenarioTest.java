package org.lamina.scenarios.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.neurons.input.DatasetInput;
import org.lamina.neurons.krotov.KrotovLayer;
import org.lamina.neurons.layer.SpikePresentation;

/**
 * Scenarios whose images travel as spikes: what the parser gives the layer, and what it refuses
 * with the file's line and key.
 */
class SpikeScenarioTest {

    /** Bars through a Krotov layer to a readout; the image line, the labels line and the labels' delay vary. */
    static String scenario(String dataset, String image, String labels, int labelDelay, String hiddenModel) {
        return String.join("\n",
                "name = spikes",                                                                        // 1
                "batch = 4",                                                                            // 2
                dataset,                                                                                // 3
                "network {",                                                                            // 4
                "  populations {",                                                                      // 5
                image,                                                                                  // 6
                labels,                                                                                 // 7
                "    hidden { size = 16, model = " + hiddenModel + " }",                                 // 8
                "    readout { size = 17, model = readout, features-from = hidden, labels-from = labels }", // 9
                "  }",                                                                                  // 10
                "  projections = [",                                                                    // 11
                "    { source = image, target = hidden, init = { kind = normal, mean = 0, std = 1 }"
                        + (hiddenModel.startsWith("krotov-layer")
                        ? ", plasticity = { rule = krotov, epochs = 1 } }" : " }"),                        // 12
                "    { source = hidden, target = readout,"
                        + " plasticity = { rule = gradient, optimizer = adam, lr = 0.01 } }",              // 13
                "    { source = labels, target = readout, delay-steps = " + labelDelay + " }",             // 14
                "  ]",                                                                                  // 15
                "}",                                                                                    // 16
                "schedule = [ { phase = unsupervised, epochs = 1 }, { phase = readout, epochs = 1 } ]",   // 17
                "");
    }

    static final String BARS = "dataset { source = bars, limit = 40 }";
    static final String IMAGE = "    image { size = 64, model = dataset-input, steps-per-presentation = 6,"
            + " encoding = poisson, presentation-steps = 5 }";
    static final String LABELS = "    labels { size = 17, model = dataset-input, emit = labels, steps-per-presentation = 6 }";
    static final String LAYER = "krotov-layer";

    static ScenarioException refused(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioParser.parseText(text, "spikes", List.of()));
    }

    @Test
    void theLayerLearnsHowTheSpikesArriveAndTheLabelsWaitForItsFeatures() {
        // Features leave the layer at the presentation's fifth spike step: 1 + 4 + 1 steps after the images.
        Scenario s = ScenarioParser.parseText(scenario(BARS, IMAGE, LABELS, 6, LAYER), "spikes", List.of());
        DatasetInput in = (DatasetInput) s.populations().get(0).model();
        assertEquals(DatasetInput.Encoding.POISSON, in.encoding());
        assertEquals(5, in.presentationSteps());
        assertEquals(new SpikePresentation(5, 6), ((KrotovLayer) s.populations().get(2).model()).spikes());
        ScenarioException early = refused(scenario(BARS, IMAGE, LABELS, 2, LAYER));
        assertTrue(early.getMessage().contains(" 9: network.populations.readout.labels-from: features reach readout 6"
                + " steps after an example is presented but labels 2; set delay-steps = 6"), early.getMessage());
    }

    @Test
    void spikeStepsDefaultToThePresentationAndMustFitIt() {
        Scenario s = ScenarioParser.parseText(scenario(BARS, IMAGE.replace(", presentation-steps = 5", ""), LABELS, 7,
                LAYER), "spikes", List.of());
        assertEquals(6, ((DatasetInput) s.populations().get(0).model()).presentationSteps());
        ScenarioException tooLong = refused(scenario(BARS, IMAGE.replace("presentation-steps = 5", "presentation-steps = 7"),
                LABELS, 6, LAYER));
        assertTrue(tooLong.getMessage().contains(" 6: network.populations.image.presentation-steps: a presentation's spikes"
                + " fall within its steps-per-presentation (6); got 7"), tooLong.getMessage());
        ScenarioException labels = refused(scenario(BARS, IMAGE, LABELS.replace("emit = labels", "emit = labels,"
                + " encoding = poisson"), 6, LAYER));
        assertTrue(labels.getMessage().contains(" 7: network.populations.labels.encoding"), labels.getMessage());
        assertTrue(labels.getMessage().contains("emit = images"), labels.getMessage());
    }

    @Test
    void onlyAKrotovLayerTakesSpikesAndOnlyPixelsInZeroToOneBecomeThem() {
        ScenarioException softHebb = refused(scenario(BARS, IMAGE, LABELS, 6,
                "softhebb-layer").replace("plasticity = { rule = krotov, epochs = 1 }", "plasticity = { rule = softhebb }")
                .replace("init = { kind = normal, mean = 0, std = 1 } }", "init = { kind = normal, mean = 0, std = 1 },"
                        + " plasticity = { rule = softhebb } }"));
        assertTrue(softHebb.getMessage().contains(" 12: network.projections[0].target: image sends its images as spikes,"
                + " which a krotov-layer takes; hidden is a softhebb-layer"), softHebb.getMessage());
        ScenarioException normalised = refused(scenario("dataset { source = bars, limit = 40, normalise = mean-std }", IMAGE,
                LABELS, 6, LAYER));
        assertTrue(normalised.getMessage().contains(" 3: dataset.normalise: spike-coded images read each pixel as a spike"
                + " probability per step in [0, 1]: use divide-255 (or none for bars), not mean-std"), normalised.getMessage());
    }

    @Test
    void aLayerSendsSpikesOnlyWhenItIsFedThemAndOnlyToAReadoutWhoseLabelsWaitForAllOfThem() {
        // Sent as spikes, the features are complete 4 steps after their dense form would arrive: 6 + 4.
        String spiking = LAYER + ", output = spikes";
        Scenario s = ScenarioParser.parseText(scenario(BARS, IMAGE, LABELS, 10, spiking), "spikes", List.of());
        assertTrue(((KrotovLayer) s.populations().get(2).model()).spikeOutput());
        ScenarioException early = refused(scenario(BARS, IMAGE, LABELS, 6, spiking));
        assertTrue(early.getMessage().contains(" 9: network.populations.readout.labels-from: features reach readout 10"
                + " steps after an example is presented but labels 6; set delay-steps = 10"), early.getMessage());
        ScenarioException dense = refused(scenario(BARS, IMAGE.replace("encoding = poisson", "encoding = analog")
                .replace(", presentation-steps = 5", ""), LABELS, 2, spiking));
        assertTrue(dense.getMessage().contains(" 8: network.populations.hidden.output: spikes needs spike-coded images"),
                dense.getMessage());
        ScenarioException notReadout = refused(scenario(BARS, IMAGE, LABELS, 10, spiking)
                .replace("  ]\n", "    { source = hidden, target = after }\n  ]\n")
                .replace("  }\n  projections", "    after { size = 16, model = lif-inhibition }\n  }\n  projections"));
        assertTrue(notReadout.getMessage().contains(" 16: network.projections[3].target: hidden sends its features as"
                + " spikes, which a readout counts; after is a lif-inhibition (use output = dense)"), notReadout.getMessage());
    }
}
