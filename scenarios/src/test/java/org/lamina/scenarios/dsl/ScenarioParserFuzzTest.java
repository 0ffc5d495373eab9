package org.lamina.scenarios.dsl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The scenario parser on arbitrary text: a scenario or a {@link ScenarioException} saying what is
 * wrong, never another exception. The input is UTF-8 text; NUL characters split it into the
 * scenario and {@code --set} overrides. Regression inputs: {@code ScenarioParserFuzzTestInputs/}
 * in the test resources; fuzz with JAZZER_FUZZ=1 (docs/testing.md).
 */
class ScenarioParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void onlyScenarioExceptionEscapes(byte[] data) {
        String[] parts = new String(data, StandardCharsets.UTF_8).split("\u0000", -1);
        List<String> overrides = Arrays.asList(parts).subList(1, parts.length);
        try {
            ScenarioParser.parseText(parts[0], "fuzz", overrides);
        } catch (ScenarioException expected) {
            // bad input, said so
        }
    }
}
