package org.lamina.scenarios.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.scenarios.cli.Main;

/**
 * Bad scenarios: each case edits one line of a good file (or passes a bad override) and must be
 * refused by {@code lamina validate} with exit code 2 and a message naming file:line (where the
 * file has a line), the key and what was expected.
 */
class BadScenarioTest {

    @TempDir
    Path dir;

    /** A valid scenario; line numbers matter to the cases below. */
    static final String GOOD = String.join("\n",
            "name = good",                                                                              // 1
            "seed = 3",                                                                                 // 2
            "dt-ms = 0.5",                                                                              // 3
            "batch = 2",                                                                                // 4
            "backend = java",                                                                           // 5
            "network {",                                                                                // 6
            "  populations {",                                                                          // 7
            "    input { size = 20, model = pattern-input, coding = analog, steps-per-presentation = 50 }", // 8
            "    kh { size = 10, model = krotov-hopfield, inhibition = 0.2, integrator = euler }",       // 9
            "  }",                                                                                      // 10
            "  projections = [",                                                                        // 11
            "    { source = input, target = kh, delay-steps = 1, init = { kind = normal, mean = 0, std = 1 } }", // 12
            "  ]",                                                                                      // 13
            "}",                                                                                        // 14
            "schedule = [ { phase = run, steps = 100 } ]",                                              // 15
            "recording {",                                                                              // 16
            "  spikes = [kh]",                                                                          // 17
            "  state = [ { population = kh, variable = h, units = [0, 1], every = 5 } ]",               // 18
            "}",                                                                                        // 19
            "");

    static String replaceLine(int line, String text) {
        List<String> lines = new ArrayList<>(List.of(GOOD.split("\n", -1)));
        lines.set(line - 1, text);
        return String.join("\n", lines);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, file text, override (or ""), expected fragments
                Arguments.of("unknown top-level key", replaceLine(2, "seeed = 3"), "", List.of(":2", "seeed", "did you mean 'seed'")),
                Arguments.of("snake-case model key", replaceLine(9, "    kh { size = 10, model = krotov-hopfield, tau_ms = 5 }"), "",
                        List.of(":9", "network.populations.kh.tau_ms", "did you mean 'tau-ms'")),
                Arguments.of("seed not an integer", replaceLine(2, "seed = three"), "", List.of(":2", "seed", "expected an integer")),
                Arguments.of("batch zero", replaceLine(4, "batch = 0"), "", List.of(":4", "batch", "1..1000000, got 0")),
                Arguments.of("negative dt", replaceLine(3, "dt-ms = -0.5"), "", List.of(":3", "dt-ms", "expected a number in")),
                Arguments.of("misspelt model", replaceLine(9, "    kh { size = 10, model = krotov-hopfeld }"), "",
                        List.of(":9", "model", "did you mean 'krotov-hopfield'")),
                Arguments.of("missing size", replaceLine(9, "    kh { model = krotov-hopfield }"), "",
                        List.of(":9", "network.populations.kh.size", "is required")),
                Arguments.of("projection from unknown population",
                        replaceLine(12, "    { source = inpt, target = kh, delay-steps = 1 }"), "",
                        List.of(":12", "source", "no population named 'inpt'", "did you mean 'input'")),
                Arguments.of("zero delay", replaceLine(12, "    { source = input, target = kh, delay-steps = 0 }"), "",
                        List.of(":12", "delay-steps", "1..1000000, got 0")),
                Arguments.of("unknown init kind",
                        replaceLine(12, "    { source = input, target = kh, init = { kind = gaussian } }"), "",
                        List.of(":12", "init.kind", "expected one of [constant, uniform, normal, from-run]")),
                Arguments.of("uniform init with max below min",
                        replaceLine(12, "    { source = input, target = kh, init = { kind = uniform, min = 1, max = 0 } }"), "",
                        List.of(":12", "init.max", "expected max > min")),
                Arguments.of("unknown integrator",
                        replaceLine(9, "    kh { size = 10, model = krotov-hopfield, integrator = leapfrog }"), "",
                        List.of(":9", "integrator", "expected one of [euler, exponential-euler, rk4]")),
                Arguments.of("state variable the model lacks",
                        replaceLine(18, "  state = [ { population = kh, variable = v, every = 5 } ]"), "",
                        List.of(":18", "variable", "has no state variable 'v'", "[h, current]")),
                Arguments.of("recorded unit out of range",
                        replaceLine(18, "  state = [ { population = kh, variable = h, units = [0, 10] } ]"), "",
                        List.of(":18", "units", "expected integers in 0..9, got 10")),
                Arguments.of("no schedule", replaceLine(15, ""), "", List.of("schedule", "needs at least one phase")),
                Arguments.of("phase of zero steps", replaceLine(15, "schedule = [ { phase = run, steps = 0 } ]"), "",
                        List.of(":15", "schedule[0].steps", "got 0")),
                Arguments.of("syntax error", replaceLine(10, "  }}}"), "", List.of("not valid HOCON")),
                Arguments.of("override without '='", GOOD, "seed", List.of("--set seed", "expected key=value")),
                Arguments.of("override of the wrong type", GOOD, "batch=many", List.of("batch", "expected an integer")),
                Arguments.of("override of a projection that is not there", GOOD,
                        "network.projections[input -> hk].delay-steps=2", List.of("--set network.projections[input -> hk]",
                                "no such element", "holds [input -> kh]")),
                Arguments.of("override selecting from what is not a list", GOOD, "network.populations[0].size=2",
                        List.of("--set", "network.populations", "expected a list")),
                Arguments.of("duplicate projection", replaceLine(13,
                        "    { source = input, target = kh }\n  ]"), "", List.of("a second projection input -> kh")),
                Arguments.of("unknown backend", replaceLine(5, "backend = cuda"), "", List.of(":5", "backend", "[auto, opencl, java]")),
                Arguments.of("unknown population backend",
                        replaceLine(9, "    kh { size = 10, model = krotov-hopfield, backend = cuda }"), "",
                        List.of(":9", "network.populations.kh.backend", "[auto, opencl, java]")),
                Arguments.of("bad population name", replaceLine(9, "    \"1kh\" { size = 10, model = krotov-hopfield }"), "",
                        List.of(":9", "1kh", "starts with a letter")),
                Arguments.of("population that is not an object", replaceLine(9, "    kh = 10"), "",
                        List.of(":9", "network.populations.kh", "expected an object")),
                Arguments.of("spikes of an unknown population", replaceLine(17, "  spikes = [hk]"), "",
                        List.of(":17", "recording.spikes", "no population named 'hk'")),
                Arguments.of("a rule on a projection into a model without one", replaceLine(12,
                        "    { source = input, target = kh, plasticity = { rule = krotov } }"), "",
                        List.of(":12", "kh is a krotov-hopfield, which has no learning rule")),
                Arguments.of("a learning model without its rule", replaceLine(9,
                        "    kh { size = 10, model = softhebb-layer }"), "",
                        List.of(":9", "network.populations.kh.model", "give that projection a block plasticity = {"
                                + " rule = softhebb")),
                Arguments.of("a rule's key with the population", replaceLine(withRule(9,
                        "    kh { size = 10, model = softhebb-layer, lr = 0.1 }"), 12, SOFTHEBB), "",
                        List.of(":9", "network.populations.kh.lr", "belongs to the softhebb-layer's learning rule",
                                "plasticity block of the projection input -> kh")),
                Arguments.of("a rule block without its rule", withRule(9, "    kh { size = 10, model = softhebb-layer }",
                        "{ lr = 0.1 }"), "", List.of(":12", "network.projections[0].plasticity.rule", "is required",
                        "one of [softhebb]")),
                Arguments.of("a rule the model does not have", withRule(9, "    kh { size = 10, model = softhebb-layer }",
                        "{ rule = krotov }"), "", List.of(":12", "plasticity.rule", "expected one of [softhebb]")),
                Arguments.of("an unknown key in a rule block", withRule(9, "    kh { size = 10, model = softhebb-layer }",
                        "{ rule = softhebb, radius = 2 }"), "", List.of(":12", "plasticity.radius", "unknown key")),
                Arguments.of("inhibition out of range",
                        replaceLine(9, "    kh { size = 10, model = krotov-hopfield, inhibition = -1 }"), "",
                        List.of(":9", "inhibition", "expected a number in [0.0")),
                Arguments.of("unknown softhebb-layer variant",
                        withRule(9, "    kh { size = 10, model = softhebb-layer }", "{ rule = softhebb, variant = krotov }"),
                        "", List.of(":12", "network.projections[0].plasticity.variant", "expected one of [soft, hard, anti]")),
                Arguments.of("negative softhebb-layer radius",
                        replaceLine(withRule(9, "    kh { size = 10, model = softhebb-layer, radius = -1 }"), 12, SOFTHEBB),
                        "", List.of(":9", "radius", "expected a number in [0.0")),
                Arguments.of("krotov features on a softhebb-layer", replaceLine(withRule(9,
                        "    kh { size = 10, model = softhebb-layer, features = power-relu }"), 12, SOFTHEBB), "",
                        List.of(":9", "features", "expected one of [softmax, relu, linear]")),
                Arguments.of("krotov-layer readout power below 1",
                        withRule(9, "    kh { size = 10, model = krotov-layer, readout-power = 0.5 }",
                                "{ rule = krotov, epochs = 1, examples-per-epoch = 10 }"), "",
                        List.of(":9", "readout-power", "expected a number in [1.0, 32.0]")));
    }

    /** Line 12 (the projection into kh) with a SoftHebb rule. */
    static final String SOFTHEBB = "    { source = input, target = kh, plasticity = { rule = softhebb } }";

    /** {@link #GOOD} with {@code line} replaced and the projection into kh carrying {@code block}. */
    static String withRule(int line, String text, String block) {
        return replaceLine(replaceLine(line, text), 12, "    { source = input, target = kh, plasticity = " + block + " }");
    }

    /** {@link #GOOD} with {@code line} replaced (the rule block is added by the caller). */
    static String withRule(int line, String text) {
        return replaceLine(line, text);
    }

    /** Refused with exit code 2 on one line (no stack trace) naming file:line, the key and what was expected. */
    private void refusedOnOneLine(String name, String text, String override, List<String> fragments) throws IOException {
        isRefusedWithFileLineKeyAndExpectation(name, text, override, fragments);
        String[] result = validate(text, override);
        assertEquals(1, result[1].strip().lines().count(), name + ": one line, no stack trace: " + result[1]);
    }

    /** Parameters whose values would make the numbers stop being numbers (issue 19). */
    static Stream<Arguments> boundCases() {
        return Stream.of(
                Arguments.of("an inhibition too large to stay finite",
                        replaceLine(9, "    kh { size = 10, model = krotov-hopfield, inhibition = 1e308 }"), "",
                        List.of(":9", "network.populations.kh.inhibition", "expected a number in [0.0, 1000000.0]")),
                Arguments.of("a time constant too short to divide by",
                        replaceLine(9, "    kh { size = 10, model = krotov-hopfield, tau-ms = 4.9e-324 }"), "",
                        List.of(":9", "network.populations.kh.tau-ms", "expected a number in [1.0E-6, 1000000.0]")),
                Arguments.of("a step too short", replaceLine(3, "dt-ms = 1e-300"), "",
                        List.of(":3", "dt-ms", "expected a number in [1.0E-6, 1000000.0]")),
                Arguments.of("a weight init too large for a float",
                        replaceLine(12, "    { source = input, target = kh, init = { kind = constant, value = 1e39 } }"), "",
                        List.of(":12", "init.value", "expected a number in [-1000000.0, 1000000.0]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundCases")
    void aParameterOutOfItsBoundsIsRefused(String name, String text, String override, List<String> fragments)
            throws IOException {
        refusedOnOneLine(name, text, override, fragments);
    }

    /** Networks a model cannot take, found when the model is created before (issue 19). */
    static Stream<Arguments> wiringCases() {
        return Stream.of(
                Arguments.of("a krotov-layer projecting to itself",
                        replaceLine(withRule(9, "    kh { size = 10, model = krotov-layer }",
                                "{ rule = krotov, epochs = 1, examples-per-epoch = 10 }"), 13,
                                "    { source = kh, target = kh }\n  ]"), "",
                        List.of(":13", "network.projections[1]", "a krotov-layer cannot take a projection from itself")),
                Arguments.of("a softhebb-layer with two inputs",
                        replaceLine(replaceLine(replaceLine(replaceLine(13, "    { source = other, target = kh }\n  ]"), 9,
                                "    kh { size = 10, model = softhebb-layer }"), 12, SOFTHEBB), 8,
                                "    input { size = 20, model = pattern-input, steps-per-presentation = 50 }\n"
                                        + "    other { size = 5, model = pattern-input, steps-per-presentation = 50 }"), "",
                        List.of(":10", "network.populations.kh", "learns on exactly one incoming projection")),
                Arguments.of("a projection larger than an array",
                        replaceLine(replaceLine(9, "    kh { size = 100000000, model = lif-inhibition }"), 8,
                                "    input { size = 100000, model = pattern-input, steps-per-presentation = 50 }"), "",
                        List.of(":12", "network.projections[0]", "100000000 x 100000 weights")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wiringCases")
    void aNetworkItsModelsCannotTakeIsRefused(String name, String text, String override, List<String> fragments)
            throws IOException {
        refusedOnOneLine(name, text, override, fragments);
    }

    /** Files the config library would choke on or should not read (issue 19). */
    static Stream<Arguments> fileCases() {
        return Stream.of(
                Arguments.of("a key written twice", GOOD + "seed = 4\n", "",
                        List.of(":20", "seed: written twice (first at line 2)")),
                Arguments.of("a population written twice", replaceLine(10, "    kh { size = 12, model = krotov-hopfield }\n  }"), "",
                        List.of(":10", "network.populations.kh: written twice (first at line 9)")),
                Arguments.of("nesting 10 000 deep", GOOD + "deep = " + "{ a = ".repeat(10_000) + "1" + "}".repeat(10_000), "",
                        List.of(":20", "nested more than 64 levels deep")),
                Arguments.of("a key path 100 parts long", GOOD + "a" + ".a".repeat(99) + " = 1\n", "",
                        List.of(":20", "nested more than 64 levels deep")),
                Arguments.of("nesting 10 000 deep in an override", GOOD, "seed=" + "[".repeat(10_000) + "]".repeat(10_000),
                        List.of("--set seed=", "nested more than 64 levels deep")),
                Arguments.of("an include in an override", GOOD, "a={include \"x.conf\"}", List.of("--set a=", "cannot include")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileCases")
    void aFileTheConfigLibraryWouldChokeOnIsRefused(String name, String text, String override, List<String> fragments)
            throws IOException {
        refusedOnOneLine(name, text, override, fragments);
    }

    /** A substitution bomb: nine levels of ten-fold repetition (2 * 10^9 characters). */
    static String bomb() {
        StringBuilder b = new StringBuilder(GOOD).append("l0 = \"xx\"\n");
        for (int i = 1; i <= 9; i++) {
            b.append("l").append(i).append(" = ").append(("${l" + (i - 1) + "}").repeat(10)).append('\n');
        }
        return b.toString();
    }

    @Test
    void aSubstitutionBombIsRefusedInSeconds() {
        String[] result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> validate(bomb(), ""));
        assertEquals("2", result[0], result[1]);
        // l0 is on line 20: l6 (2 * 10^6 characters) is the first value over the limit, on line 26.
        for (String f : List.of("bad.conf:26", "l6", "more than 1000000 characters")) {
            assertTrue(result[1].contains(f), "expected '" + f + "' in: " + result[1]);
        }
    }

    @Test
    void aDoublingSelfReferenceIsRefusedToo() {
        String text = GOOD + "s = \"xx\"\n" + "s = ${s}${s}\n".repeat(40);
        String[] result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> validate(text, ""));
        assertEquals("2", result[0], result[1]);
        assertTrue(result[1].contains("s: its substitutions would expand to more than"), result[1]);
    }

    @Test
    void aFileThatIsNotUtf8IsNamedWithTheOffsetOfTheFirstBadByte() throws IOException {
        Path file = dir.resolve("latin1.conf");
        byte[] head = "name = \"caf".getBytes(StandardCharsets.UTF_8);
        byte[] rest = ("\"\n" + GOOD.substring(GOOD.indexOf('\n') + 1)).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xE9; // é in Latin-1
        System.arraycopy(rest, 0, all, head.length + 1, rest.length);
        Files.write(file, all);
        for (String[] command : List.of(new String[] {"validate", file.toString()},
                new String[] {"run", file.toString(), "--runs-dir", dir.resolve("runs").toString()})) {
            String[] result = execute(command);
            assertEquals("2", result[0], result[1]);
            assertTrue(result[1].contains("latin1.conf:1: not UTF-8 text: byte 0xE9 at offset 11"), result[1]);
        }
        assertTrue(Files.notExists(dir.resolve("runs")));
    }

    @Test
    void aHoconFileNamedJsonIsReadAsHocon() throws IOException {
        Path file = dir.resolve("good.json");
        Files.writeString(file, GOOD);
        String[] result = execute("validate", file.toString());
        assertEquals("0", result[0], result[1]);
    }

    /** Scenarios incomplete or beyond what can be counted, which used to fail without a location (issue 19). */
    static Stream<Arguments> parserCases() {
        return Stream.of(
                Arguments.of("no model", replaceLine(9, "    kh { size = 10, inhibition = 0.2 }"), "",
                        List.of(":9", "network.populations.kh.model: is required", "krotov-hopfield, krotov-layer")),
                Arguments.of("no init kind", replaceLine(12, "    { source = input, target = kh, init = { mean = 0, std = 1 } }"), "",
                        List.of(":12", "network.projections[0].init.kind: is required",
                                "[constant, uniform, normal, from-run]")),
                Arguments.of("an empty phase name", replaceLine(15, "schedule = [ { phase = \"\", steps = 100 } ]"), "",
                        List.of(":15", "schedule[0].phase", "needs a name")),
                Arguments.of("a recorded unit that is not an integer",
                        replaceLine(18, "  state = [ { population = kh, variable = h, units = [0.5] } ]"), "",
                        List.of(":18", "recording.state[0].units", "expected a list of integers", "element 0 is number 0.5")),
                Arguments.of("phases whose steps overflow",
                        replaceLine(15, "schedule = [ { phase = a, steps = 4611686018427387903 },"
                                + " { phase = b, steps = 4611686018427387903 } ]"), "",
                        List.of(":15", "schedule[1]", "adds up to more than 4611686018427387903 steps")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parserCases")
    void anIncompleteOrUncountableScenarioIsRefused(String name, String text, String override, List<String> fragments)
            throws IOException {
        refusedOnOneLine(name, text, override, fragments);
    }

    @Test
    void epochsWhoseStepsCannotBeCountedAreRefused() throws IOException {
        String text = String.join("\n",
                "name = huge", "batch = 1", "dataset { source = mnist }",
                "network {",
                "  populations {",
                "    image { size = 784, model = dataset-input, steps-per-presentation = 2147483647 }",
                "    labels { size = 10, model = dataset-input, emit = labels, steps-per-presentation = 2147483647 }",
                "    readout { size = 10, model = readout, features-from = image, labels-from = labels }",
                "  }",
                "  projections = [ { source = image, target = readout, plasticity { rule = gradient } },"
                        + " { source = labels, target = readout } ]",
                "}",
                "schedule = [ { phase = readout, epochs = 1000000 } ]", "");
        String[] result = validate(text, "");
        assertEquals("2", result[0], result[1]);
        assertTrue(result[1].contains("bad.conf:12: schedule[0]: phase readout: 1000000 epochs of 60000 minibatches"),
                result[1]);
    }

    /** Run names that would put the run folder outside the runs folder, or that it cannot hold (issue 19). */
    static Stream<Arguments> nameCases() {
        String rule = "letters, digits, '.', '_' and '-', does not start with '.', and has at most 100 characters";
        return Stream.of(
                Arguments.of("a name that climbs out of the runs folder", replaceLine(1, "name = \"../../x\""), "",
                        List.of(":1", "name:", rule, "\"../../x\"")),
                Arguments.of("an absolute name", replaceLine(1, "name = \"/tmp/x\""), "", List.of(":1", "name:", rule)),
                Arguments.of("a name from an environment variable", replaceLine(1, "name = ${HOME}"), "",
                        List.of("bad.conf", "name:", rule)),
                Arguments.of("a name with a slash", replaceLine(1, "name = \"a/b\""), "", List.of(":1", "name:", rule)),
                Arguments.of("a name with a NUL", replaceLine(1, "name = \"a\\u0000b\""), "", List.of(":1", "name:", rule)),
                Arguments.of("a name of 300 characters", replaceLine(1, "name = " + "x".repeat(300)), "",
                        List.of(":1", "name:", rule, "(300 characters)")),
                Arguments.of("a name starting with a dot", replaceLine(1, "name = .hidden"), "", List.of(":1", "name:", rule)),
                Arguments.of("a name given by --set", GOOD, "name=../up", List.of("--set name=../up", "name:", rule)),
                Arguments.of("a population name of 300 characters",
                        replaceLine(9, "    " + "k".repeat(300) + " { size = 10, model = krotov-hopfield }"), "",
                        List.of(":9", "at most 100 characters")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameCases")
    void aNameThatWouldLeaveTheRunsFolderIsRefused(String name, String text, String override, List<String> fragments)
            throws IOException {
        refusedOnOneLine(name, text, override, fragments);
    }

    /** A valid scenario with a dataset, a readout and epoch phases (bars: nothing to download). */
    static final String READOUT = String.join("\n",
            "name = readout",                                                                           // 1
            "batch = 10",                                                                               // 2
            "dataset { source = bars, limit = 200, test-limit = 50 }",                                  // 3
            "network {",                                                                                // 4
            "  populations {",                                                                          // 5
            "    image { size = 64, model = dataset-input, shuffle = true }",                            // 6
            "    labels { size = 17, model = dataset-input, emit = labels, shuffle = true }",            // 7
            "    readout { size = 17, model = readout, features-from = image, labels-from = labels }",   // 8
            "  }",                                                                                      // 9
            "  projections = [",                                                                        // 10
            "    { source = image, target = readout, delay-steps = 2, plasticity = { rule = gradient } }", // 11
            "    { source = labels, target = readout, delay-steps = 2 }",                                // 12
            "  ]",                                                                                      // 13
            "}",                                                                                        // 14
            "schedule = [ { phase = readout, epochs = 2, test-each-epoch = true }, { phase = test } ]", // 15
            "");

    static Stream<Arguments> readoutCases() {
        return Stream.of(
                Arguments.of("labels arrive after the features",
                        replaceLine(READOUT, 12, "    { source = labels, target = readout, delay-steps = 3 }"), "",
                        List.of(":8", "labels-from", "features reach readout 2 steps", "set delay-steps = 2")),
                Arguments.of("labels from an image input",
                        replaceLine(READOUT, 8, "    readout { size = 17, model = readout, features-from = image, labels-from = image }"),
                        "", List.of(":8", "labels-from", "emit = labels", "emits images")),
                Arguments.of("labels population of the wrong size",
                        replaceLine(READOUT, 7, "    labels { size = 10, model = dataset-input, emit = labels }"), "",
                        List.of(":7", "size", "emits labels needs 17 units", "17 classes", "size is 10")),
                Arguments.of("tasks from a dataset without tasks",
                        replaceLine(READOUT, 7, "    labels { size = 2, model = dataset-input, emit = tasks }"), "",
                        List.of(":7", "emit = tasks needs a multi-task dataset", "bars has no tasks")),
                Arguments.of("an output split by task on a dataset without tasks",
                        replaceLine(replaceLine(READOUT, 8, "    readout { size = 17, model = softmax-output, labels-from = labels,"
                                + " tasks-from = labels }"), 11, "    { source = image, target = readout, plasticity = { rule = bp } }"), "",
                        List.of(":8", "tasks-from", "needs a multi-task dataset", "bars has no tasks")),
                Arguments.of("readout without its features projection", replaceLine(READOUT, 11, ""), "",
                        List.of(":8", "model", "learns by a rule declared on the projection it changes",
                                "the projection from its features-from")),
                Arguments.of("a readout's rule on its labels", replaceLine(replaceLine(READOUT, 11,
                        "    { source = image, target = readout, delay-steps = 2 }"), 12,
                        "    { source = labels, target = readout, delay-steps = 2, plasticity = { rule = gradient } }"), "",
                        List.of(":12", "changes the projection from its features-from, not the projection from labels")),
                Arguments.of("two rules into one population", replaceLine(READOUT, 12,
                        "    { source = labels, target = readout, delay-steps = 2, plasticity = { rule = gradient } }"), "",
                        List.of(":12", "learns the weights of one projection", "image -> readout has a rule already")),
                Arguments.of("a phase that names what cannot learn",
                        replaceLine(READOUT, 15, "schedule = [ { phase = readout, epochs = 2, learns = [labels] } ]"), "",
                        List.of(":15", "learns", "population labels has no incoming projection with a learning rule")),
                Arguments.of("a phase that names a fixed projection",
                        replaceLine(READOUT, 15, "schedule = [ { phase = tune, epochs = 2, learns = [\"labels -> readout\"] } ]"),
                        "", List.of(":15", "learns", "labels -> readout has no learning rule")),
                Arguments.of("a phase that names nobody",
                        replaceLine(READOUT, 15, "schedule = [ { phase = tune, epochs = 2, learns = [redout] } ]"), "",
                        List.of(":15", "learns", "'redout' is neither a population nor a projection")),
                Arguments.of("a test phase that learns",
                        replaceLine(READOUT, 15, "schedule = [ { phase = test, learns = [readout] } ]"), "",
                        List.of(":15", "learns", "nothing learns in a test phase")),
                Arguments.of("unknown emit", replaceLine(READOUT, 7, "    labels { size = 17, model = dataset-input, emit = targets }"),
                        "", List.of(":7", "emit", "[images, labels, tasks, images-and-tasks]")),
                Arguments.of("both steps and epochs",
                        replaceLine(READOUT, 15, "schedule = [ { phase = readout, epochs = 2, steps = 40 } ]"), "",
                        List.of(":15", "either steps or epochs")),
                Arguments.of("test each epoch of a phase given in steps",
                        replaceLine(READOUT, 15, "schedule = [ { phase = readout, steps = 40, test-each-epoch = true } ]"), "",
                        List.of(":15", "test-each-epoch", "only a phase that counts epochs")),
                Arguments.of("a test phase of two epochs",
                        replaceLine(READOUT, 15, "schedule = [ { phase = test, epochs = 2 } ]"), "",
                        List.of(":15", "epochs", "1..1, got 2")),
                Arguments.of("unknown phase kind",
                        replaceLine(READOUT, 15, "schedule = [ { phase = warmup, kind = warm, epochs = 1 } ]"), "",
                        List.of(":15", "kind", "expected one of [run, unsupervised, readout, supervised, test]")),
                Arguments.of("testing on the test split as training split",
                        replaceLine(READOUT, 3, "dataset { source = bars, split = test }"), "",
                        List.of(":3", "split", "must be 'train'")),
                Arguments.of("epochs without a dataset",
                        replaceLine(GOOD, 15, "schedule = [ { phase = run, epochs = 3 } ]"), "",
                        List.of(":15", "epochs", "no dataset section")),
                Arguments.of("image and label inputs shuffled differently",
                        replaceLine(READOUT, 7, "    labels { size = 17, model = dataset-input, emit = labels }"), "",
                        List.of("the same steps-per-presentation and shuffle", "drift apart")),
                Arguments.of("a phase in steps named like the test pass after each epoch",
                        replaceLine(READOUT, 15, "schedule = [ { phase = readout, epochs = 2, test-each-epoch = true }, "
                                + "{ phase = test, kind = run, steps = 10 } ]"), "",
                        List.of("phase test is given in steps", "another name")),
                Arguments.of("negative learning rate", replaceLine(READOUT, 11,
                        "    { source = image, target = readout, delay-steps = 2, plasticity = { rule = gradient, lr = -1 } }"),
                        "", List.of(":11", "network.projections[0].plasticity.lr", "expected a number in")),
                Arguments.of("a parameter of another loss", replaceLine(READOUT, 11,
                        "    { source = image, target = readout, delay-steps = 2, plasticity = { rule = gradient, beta = 0.1 } }"),
                        "", List.of(":11", "network.projections[0].plasticity.beta", "applies only when loss = power-tanh")),
                Arguments.of("a required model parameter missing",
                        replaceLine(READOUT, 8, "    readout { size = 17, model = readout, labels-from = labels }"), "",
                        List.of(":8", "network.populations.readout.features-from", "is required",
                                "the population whose activity the classifier reads")),
                Arguments.of("a model parameter naming no population",
                        replaceLine(READOUT, 8, "    readout { size = 17, model = readout, features-from = imag, labels-from = labels }"),
                        "", List.of(":8", "features-from", "no population named 'imag'", "did you mean 'image'")));
    }

    static String replaceLine(String text, int line, String replacement) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.set(line - 1, replacement);
        return String.join("\n", lines);
    }

    @Test
    void theGoodReadoutFileIsValid() throws IOException {
        String[] result = validate(READOUT, "");
        assertEquals("0", result[0], result[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readoutCases")
    void aBadReadoutScenarioIsRefused(String name, String text, String override, List<String> fragments) throws IOException {
        isRefusedWithFileLineKeyAndExpectation(name, text, override, fragments);
    }

    private String[] validate(String text, String override) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, text);
        return override.isEmpty() ? execute("validate", file.toString())
                : execute("validate", file.toString(), "--set", override);
    }

    /** Runs the command line; returns the exit code and what it wrote to stderr. */
    private static String[] execute(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void theGoodFileIsValid() throws IOException {
        assertEquals("0", validate(GOOD, "")[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithFileLineKeyAndExpectation(String name, String text, String override, List<String> fragments)
            throws IOException {
        String[] result = validate(text, override);
        assertEquals("2", result[0], name + ": " + result[1]);
        for (String f : fragments) {
            String expected = f.startsWith(":") ? "bad.conf" + f : f;
            assertTrue(result[1].contains(expected), name + ": expected '" + expected + "' in: " + result[1]);
        }
    }

    @Test
    void aMissingFileIsRefused() throws IOException {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.execute("validate", dir.resolve("nope.conf").toString()));
        } finally {
            System.setErr(oldErr);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such scenario file"));
    }

    @Test
    void aBadScenarioLeavesNoRunFolder() throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, replaceLine(4, "batch = 0"));
        Path runs = dir.resolve("runs");
        assertEquals(2, Main.execute("run", file.toString(), "--runs-dir", runs.toString()));
        assertTrue(Files.notExists(runs), "nothing may be written for a scenario that does not validate");
    }
}
