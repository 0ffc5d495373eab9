package org.lamina.scenarios.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.neurons.krotov.KrotovHopfield;
import org.lamina.scenarios.cli.Main;

/**
 * What a scenario may include: files relative to the including file, inside the scenario's folder
 * tree; never a URL, a classpath resource, an absolute path or a path out of the folder. Each
 * refusal names file:line and the include.
 */
class IncludeTest {

    @TempDir
    Path dir;

    /** The rest of a valid scenario, for a file that includes nothing else. */
    static final String BASE = String.join("\n",
            "name = base",
            "backend = java",
            "network {",
            "  populations {",
            "    input { size = 20, model = pattern-input, steps-per-presentation = 5 }",
            "    kh { size = 10, model = krotov-hopfield }",
            "  }",
            "  projections = [ { source = input, target = kh } ]",
            "}",
            "schedule = [ { phase = run, steps = 10 } ]",
            "");

    private static String[] validate(Path file) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return new String[] {Integer.toString(Main.execute("validate", file.toString())),
                    err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private void refused(String include, String... fragments) throws IOException {
        Path main = dir.resolve("scenarios").resolve("main.conf");
        Files.createDirectories(main.getParent());
        Files.writeString(main, "# a comment\n" + include + "\nname = main\n");
        String[] result = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> validate(main));
        assertEquals("2", result[0], result[1]);
        assertEquals(1, result[1].strip().lines().count(), "one line: " + result[1]);
        for (String f : fragments) {
            assertTrue(result[1].contains(f), "expected '" + f + "' in: " + result[1]);
        }
    }

    @Test
    void aRelativeIncludeInTheFolderTreeIsRead() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/base.conf"), BASE);
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "include \"sub/base.conf\"\nname = main\nnetwork.populations.kh.inhibition = 0.3\n");
        Scenario s = ScenarioParser.parse(main, List.of());
        assertEquals("main", s.name());
        assertEquals(0.3, ((KrotovHopfield) s.populations().get(1).model()).inhibition());
        assertEquals("0", validate(main)[0]);
        // include file(...) and required(...) name files the same way.
        Files.writeString(main, "include required(file(\"sub/base.conf\"))\nname = main\n");
        assertEquals("main", ScenarioParser.parse(main, List.of()).name());
    }

    @Test
    void anIncludeOfAUrlIsRefusedBeforeAnyConnection() throws IOException {
        // A server that accepts connections (the kernel does) and never answers: reading from it would hang.
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/x.conf";
            refused("include url(\"" + url + "\")", "main.conf:2", "include:", "never a URL");
            refused("include \"" + url + "\"", "main.conf:2", "include:", "never a URL");
            server.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, server::accept, "nothing may have connected");
        }
    }

    @Test
    void anIncludeOfAClasspathResourceIsRefused() throws IOException {
        refused("include classpath(\"examples/quickstart.conf\")", "main.conf:2", "include:", "never a classpath resource");
    }

    @Test
    void anIncludeOfAnAbsolutePathIsRefused() throws IOException {
        Files.writeString(dir.resolve("abs.conf"), BASE);
        refused("include \"" + dir.resolve("abs.conf").toAbsolutePath() + "\"", "main.conf:2", "include:", "an absolute path");
        refused("include file(\"/etc/passwd\")", "main.conf:2", "an absolute path");
    }

    @Test
    void anIncludeOutOfTheFolderIsRefused() throws IOException {
        Files.writeString(dir.resolve("outside.conf"), BASE);
        refused("include \"../outside.conf\"", "main.conf:2", "include:", "leads outside the scenario's folder");
        refused("include \"sub/../../outside.conf\"", "main.conf:2", "leads outside");
    }

    @Test
    void aLinkOutOfTheFolderIsRefused() throws IOException {
        Files.writeString(dir.resolve("outside.conf"), BASE);
        Files.createDirectories(dir.resolve("scenarios"));
        Files.createSymbolicLink(dir.resolve("scenarios/link.conf"), dir.resolve("outside.conf"));
        refused("include \"link.conf\"", "main.conf:2", "outside the scenario's folder", "through a link");
    }

    @Test
    void aScenarioGivenAsALinkIsRead() throws IOException {
        Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(dir.resolve("links"));
        Files.writeString(dir.resolve("real/main.conf"), BASE);
        Path link = Files.createSymbolicLink(dir.resolve("links/main.conf"), dir.resolve("real/main.conf"));
        String[] result = validate(link);
        assertEquals("0", result[0], result[1]);
    }

    @Test
    void aMissingIncludeIsAnError() throws IOException {
        refused("include \"nope.conf\"", "main.conf:2", "include:", "no such file");
    }

    @Test
    void anIncludeCycleIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(dir.resolve("scenarios/other.conf"), "include \"main.conf\"\n");
        refused("include \"other.conf\"", "other.conf:1", "includes itself");
    }

    @Test
    void anIncludedFileIsCheckedLikeTheScenario() throws IOException {
        Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(dir.resolve("scenarios/twice.conf"), BASE + "seed = 1\nseed = 2\n");
        refused("include \"twice.conf\"", "twice.conf:12", "seed: written twice (first at line 11)");
    }

    @Test
    void aScenarioShippedAsAResourceIncludesResourcesOfItsFolder() {
        ScenarioParser.Plan plan = ScenarioParser.planResource("includes/main.conf", List.of());
        assertEquals("main", plan.base().name());
        assertEquals(0.3, ((KrotovHopfield) plan.base().populations().get(1).model()).inhibition());
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioParser.planResource("includes/escape.conf", List.of()));
        assertTrue(e.getMessage().contains("leads outside the scenario's folder"), e.getMessage());
    }

    @Test
    void theShippedExamplesThatIncludeOthersParseFromFilesAndFromTheJar() {
        for (String example : List.of("krotov-dynamics-sweep.conf", "krotov-mnist-dynamics.conf", "quickstart.conf",
                "bars-readout.conf")) {
            ScenarioParser.Plan fromFile = ScenarioParser.plan(Path.of("examples", example), List.of());
            ScenarioParser.Plan fromJar = ScenarioParser.planResource("examples/" + example, List.of());
            assertEquals(fromFile.base(), fromJar.base(), example);
            assertEquals(fromFile.points(), fromJar.points(), example);
        }
    }

    @Test
    void aScenarioGivenAsTextIncludesNothing() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parseText("include \"base.conf\"\n" + BASE, "text", List.of()));
        assertTrue(e.getMessage().contains("cannot include files"), e.getMessage());
    }
}
