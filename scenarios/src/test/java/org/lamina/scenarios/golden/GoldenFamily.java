package org.lamina.scenarios.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.lamina.scenarios.cli.Main;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.RequiredDatasets;
import org.lamina.scenarios.run.RunFolder;

/**
 * One family of example scenarios pinned by a golden trace: a shipped example from
 * {@code scenarios/examples/}, run through the real command line ({@code lamina run}) with
 * overrides that make it short (a few seconds at most) while it still does what the family is
 * about: learning happens, a test pass runs, spikes are emitted, state or weights are recorded.
 *
 * <p>Every family runs on the Java kernel backend with the example's seed. The Java backend's
 * matrix products use the Vector API, whose lane width depends on the CPU (4, 8 or 16 floats:
 * 128-bit, AVX2, AVX-512). Its results do not depend on that width where each output element is
 * summed column by column with one FMA per term: the packed product, used from a batch of one
 * vector width (16 floats on AVX-512) up, and vectors of a layer whose size is a multiple of 16.
 * Below that (a batch of 4, a layer of 100) a dot product is reduced across lanes or a tail is
 * summed in another order, and values differ in the last bits from machine to machine. So the
 * overrides keep batches at 16 or more and shrink layers to multiples of 16 where they choose a
 * size: then every family gives the same trace with {@code -XX:MaxVectorSize=16}, {@code 32}
 * and {@code 64} and with {@code -XX:UseAVX=2} (checked on an AVX-512 machine), and no spike,
 * argmax or top-k rank can flip between machines. The comparison's tolerance
 * ({@link TraceComparison}) is for what remains: other JIT or math-library rounding, and a
 * refactor that reorders a sum on purpose.
 *
 * @param name      the golden file's name ({@code golden/<name>.lamina}; a sweep adds {@code .point-<k>})
 * @param example   the example's file name in {@code scenarios/examples/}
 * @param mnist     whether the example needs MNIST (Multi-MNIST is composed from it)
 * @param points    traces the run writes: 1, or the number of points of a sweep
 * @param overrides the {@code --set} entries that shorten it (backend and threads are added)
 */
public record GoldenFamily(String name, String example, boolean mnist, int points, List<String> overrides) {

    /** The families, in the order the test and the regeneration helper run them. */
    public static final List<GoldenFamily> ALL = List.of(
            // LIF spiking: Poisson input -> LIF with lateral inhibition -> LIF. Spike delivery sums
            // weights in a fixed scalar order (SynapticCurrents.addSpikes), so these spikes are the
            // same on every machine. Two input patterns of 100 steps instead of one of 500.
            family("lif-demo", "demo.conf", false,
                    "schedule=[{phase=run, steps=200}]",
                    "network.populations.input.steps-per-presentation=100"),
            // Krotov-Hopfield ODE population with lateral inhibition on analog input (784 pixels,
            // batch 20 as the example): two presentations of 100 steps to 200 units (the example:
            // one of 1000 steps to 2000 units); records h of 8 units, threshold spikes and the
            // per-example settling metrics.
            family("krotov-hopfield-ode", "lateral-inhibition.conf", false,
                    "network.populations.kh.size=200",
                    "network.populations.stimulus.steps-per-presentation=100",
                    "schedule=[{phase=settle, steps=200}]"),
            // The same population on the bars dataset with each example's label: two presentations
            // of 16 examples; h of 8 units instead of all 32 keeps the file small.
            family("krotov-hopfield-bars", "bars.conf", false,
                    "dataset.limit=64",
                    "schedule=[{phase=present, steps=400}]",
                    "recording.state=[{population=kh, variable=h, units=[0, 1, 2, 3, 4, 5, 6, 7], every=10}]"),
            // A Krotov layer learns without labels (one epoch of 20 minibatches), then a readout
            // learns on its features, then a test pass. Weights at 0, at the end of the
            // unsupervised phase (step 22) and after the readout epoch (step 44).
            family("krotov-layer-bars-readout", "bars-readout.conf", false,
                    "dataset.limit=400",
                    "dataset.test-limit=200",
                    "network.projections[image -> hidden].plasticity.epochs=1",
                    "schedule=[{phase=unsupervised, epochs=1}, {phase=readout, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=image, target=hidden, every=22}, {source=hidden, target=readout, every=22}]"),
            // The default run (`./lamina`) shrunk: 128 instead of 2000 Krotov units, 5 minibatches
            // of MNIST per phase, a test pass over 200 images; the readout's weights are recorded
            // (the layer's own would be 128 x 784 floats per snapshot).
            family("krotov-layer-mnist-quickstart", "quickstart.conf", true,
                    "dataset.limit=500",
                    "dataset.test-limit=200",
                    "network.populations.hidden.size=128",
                    "network.projections[image -> hidden].plasticity.epochs=1",
                    "schedule=[{phase=unsupervised, epochs=1}, {phase=readout, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=hidden, target=readout, every=7}]"),
            // The same with the images sent as Poisson spikes over 5 steps (quickstart-spikes.conf
            // at T = 5): the layer's metrics from currents accumulated spike by spike and the
            // readout's weights, which depend on every spike (the spikes themselves would take
            // half a megabyte; the trace says how many there were).
            family("krotov-layer-mnist-spikes", "quickstart-spikes.conf", true,
                    "dataset.limit=500",
                    "dataset.test-limit=200",
                    "network.populations.hidden.size=128",
                    "network.populations.image.steps-per-presentation=5",
                    "network.populations.labels.steps-per-presentation=5",
                    "network.projections[labels -> readout].delay-steps=6",
                    "network.projections[image -> hidden].plasticity.epochs=1",
                    "schedule=[{phase=unsupervised, epochs=1}, {phase=readout, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=hidden, target=readout, every=35}]"),
            // SoftHebb (anti-Hebbian soft WTA) on unit-length MNIST, 128 units, 10 minibatches,
            // then a readout on standardised softmax features and a test pass.
            family("softhebb-mnist", "softhebb-mnist-unit.conf", true,
                    "dataset.limit=320",
                    "dataset.test-limit=160",
                    "network.populations.hidden.size=128",
                    "schedule=[{phase=unsupervised, epochs=1}, {phase=readout, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=hidden, target=readout, every=12}]"),
            // Supervised learning through the engine: backprop, feedback alignment (with the
            // FA-vs-BP angle reported every 2 minibatches instead of 100), direct feedback alignment
            // and Counter-Hebb, each on 784-64-32-10 (Counter-Hebb: 784-64-10) for one short epoch
            // with a test pass after it.
            family("bp-mnist", "bp-mnist.conf", true,
                    "dataset.limit=500",
                    "dataset.test-limit=200",
                    "network.populations.h1.size=64",
                    "network.populations.h2.size=32",
                    "schedule=[{phase=supervised, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=h1, target=h2, every=28}, {source=h2, target=out, every=28}]"),
            family("fa-mnist", "fa-mnist.conf", true,
                    "dataset.limit=500",
                    "dataset.test-limit=200",
                    "network.populations.h1.size=64",
                    "network.populations.h2.size=32",
                    "network.projections[h2 -> out].plasticity.angle-every=2",
                    "schedule=[{phase=supervised, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=h1, target=h2, every=28}, {source=h2, target=out, every=28}]"),
            family("dfa-mnist", "dfa-mnist.conf", true,
                    "dataset.limit=500",
                    "dataset.test-limit=200",
                    "network.populations.h1.size=64",
                    "network.populations.h2.size=32",
                    "schedule=[{phase=supervised, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=h1, target=h2, every=23}, {source=h2, target=out, every=23}]"),
            family("counter-hebb-mnist", "counter-hebb-mnist.conf", true,
                    "dataset.limit=200",
                    "dataset.test-limit=200",
                    "network.populations.h1.size=64",
                    "schedule=[{phase=supervised, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=h1, target=out, every=32}]"),
            // BU-TD multi-task network (Counter-Hebb with a task head) on Multi-MNIST: 4
            // minibatches of 64, a test pass over 128 examples, accuracy per task.
            family("butd-multimnist", "butd-multimnist.conf", true,
                    "dataset.limit=256",
                    "dataset.test-limit=128",
                    "network.populations.h1.size=64",
                    "network.populations.h2.size=32",
                    "schedule=[{phase=supervised, epochs=1, test-each-epoch=true}]",
                    "recording.weights=[{source=h1, target=h2, every=27}, {source=h2, target=out, every=27}]"),
            // A sweep: one run per inhibition value of the example's grid (5 points; a --set of
            // sweep.grid does not change the points, which come from the file), each one
            // presentation of 100 steps to 200 units, compared point by point: the settling
            // metrics (the sweep's objective) and h of 4 units, which the example does not record.
            new GoldenFamily("lateral-inhibition-sweep", "lateral-inhibition-sweep.conf", false, 5, List.of(
                    "network.populations.kh.size=200",
                    "network.populations.stimulus.steps-per-presentation=100",
                    "schedule=[{phase=settle, steps=102}]",
                    "recording.state=[{population=kh, variable=h, units=[0, 1, 2, 3], every=10}]")));

    public GoldenFamily {
        overrides = List.copyOf(overrides);
    }

    private static GoldenFamily family(String name, String example, boolean mnist, String... overrides) {
        return new GoldenFamily(name, example, mnist, 1, List.of(overrides));
    }

    /** The family called {@code name}. */
    public static GoldenFamily named(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no golden family " + name + "; families: "
                        + ALL.stream().map(GoldenFamily::name).toList()));
    }

    /** The golden files' names, one per trace the run writes, in run order. */
    public List<String> goldenFiles() {
        if (points == 1) {
            return List.of(name + ".lamina");
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < points; k++) {
            names.add(name + ".point-" + k + ".lamina");
        }
        return names;
    }

    /** The scenarios module's folder (where {@code examples/} and {@code src/} are), whatever the working directory. */
    public static Path moduleDir() {
        try {
            // target/test-classes -> target -> the module
            Path classes = Path.of(GoldenFamily.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the golden files live in the source tree (the regeneration helper writes there). */
    public static Path sourceGoldenDir() {
        return moduleDir().resolve("src/test/resources/golden");
    }

    /** The arguments of {@code lamina run} for this family. */
    public List<String> arguments(Path runsDir, int threads) {
        List<String> args = new ArrayList<>(List.of("run", moduleDir().resolve("examples").resolve(example).toString()));
        for (String o : overrides) {
            args.add("--set");
            args.add(o);
        }
        args.addAll(List.of("--set", "backend=java", "--threads", Integer.toString(threads), "--runs-dir",
                runsDir.toString()));
        return args;
    }

    /**
     * Runs the family through {@link Main#execute} into {@code runsDir} (which must be empty or
     * absent) and returns its traces in run order. Needs MNIST where the family does: fetched once
     * per JVM, or the caller (a test) is skipped with the reason.
     */
    public List<Path> run(Path runsDir, int threads) {
        if (mnist) {
            RequiredDatasets.fetched(DatasetFiles.MNIST);
        }
        int rc = Main.execute(arguments(runsDir, threads).toArray(String[]::new));
        if (rc != 0) {
            throw new AssertionError(name + ": `lamina run` exited with " + rc + " (arguments: " + arguments(runsDir, threads)
                    + ")");
        }
        List<Path> traces = traces(runsDir);
        if (traces.size() != points) {
            throw new AssertionError(name + ": expected " + points + " trace(s), the run wrote " + traces);
        }
        return traces;
    }

    /** Every trace under {@code runsDir}, sorted by path (run folders and sweep points are numbered in run order). */
    private static List<Path> traces(Path runsDir) {
        try (Stream<Path> s = Files.walk(runsDir)) {
            return s.filter(p -> p.getFileName().toString().equals(RunFolder.TRACE_FILE)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + example + ")";
    }
}
