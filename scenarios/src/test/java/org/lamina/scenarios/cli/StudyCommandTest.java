package org.lamina.scenarios.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class StudyCommandTest {

    @TempDir
    Path dir;

    @Test
    void theInhibitionSweepWritesATableAndAPlotWithFewerActiveUnitsAsInhibitionGrows() throws IOException {
        Path runs = dir.resolve("runs");
        assertEquals(0, Main.execute("study", "inhibition", "--units", "100", "--inputs", "50", "--batch", "8",
                "--w-inh", "0,0.05,0.5,2", "--max-steps", "800", "--runs-dir", runs.toString()));
        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.findFirst().orElseThrow();
        }
        List<String> csv = Files.readAllLines(folder.resolve("inhibition-sweep.csv"));
        assertEquals("w_inh,active_units,settle_steps,converged,ode_shortcut_agreement,hebbian_units,ode_top1_agreement,"
                + "ode_kth_overlap", csv.get(0));
        assertEquals(5, csv.size());
        double previous = Double.MAX_VALUE;
        for (String line : csv.subList(1, csv.size())) {
            double active = Double.parseDouble(line.split(",")[1]);
            assertTrue(active <= previous, line);
            previous = active;
        }
        assertEquals(1.0, previous, "w_inh = 2 leaves one active unit per example");
        String[] strong = csv.get(4).split(",");
        assertEquals(1.0, Double.parseDouble(strong[4]), "the settled winner is the shortcut's top unit");
        assertEquals(1.0, Double.parseDouble(strong[6]), "one unit active: the Hebbian set is the top unit");
        assertEquals(0.0, Double.parseDouble(strong[7]), "and nothing else is active to be anti-Hebbian");
        String[] none = csv.get(1).split(",");
        assertTrue(Double.parseDouble(none[5]) > 1, "without inhibition many units pass h*: " + csv.get(1));
        byte[] png = Files.readAllBytes(folder.resolve("inhibition-sweep.png"));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }

    /** The OpenCL backend computes the currents; the sweep must come out the same as on Java. */
    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void openClAndJavaBackendsGiveTheSameSweep() throws IOException {
        org.lamina.kernels.backend.OpenClTestSupport.requireDevice();
        List<List<String>> tables = new java.util.ArrayList<>();
        for (String backend : new String[] {"java", "opencl"}) {
            Path runs = dir.resolve(backend);
            assertEquals(0, Main.execute("study", "inhibition", "--units", "60", "--inputs", "40", "--batch", "5",
                    "--w-inh", "0,0.1,1", "--max-steps", "600", "--backend", backend, "--runs-dir", runs.toString()));
            try (Stream<Path> s = Files.list(runs)) {
                tables.add(Files.readAllLines(s.findFirst().orElseThrow().resolve("inhibition-sweep.csv")));
            }
        }
        assertEquals(tables.get(0), tables.get(1));
    }

    @Test
    void badSettingsExitWithTwo() {
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("study", "inhibition", "--w-inh", "-1", "--runs-dir", dir.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("study", "inhibition", "--integrator", "leapfrog",
                "--runs-dir", dir.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("study", "inhibition", "--units", "3", "--runs-dir", dir.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, Main.execute("study", "inhibition", "--backend", "cuda", "--runs-dir", dir.toString()));
    }
}
