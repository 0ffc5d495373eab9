package org.lamina.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lamina.scenarios.cli.CommonOptions;
import org.lamina.scenarios.dsl.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lamina bench}: benchmarks whose figures go into BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks.",
        subcommands = {BenchCommand.Engine.class, BenchCommand.Inhibition.class, BenchCommand.Settle.class,
                BenchCommand.Products.class, BenchCommand.Accumulate.class,
                BenchCommand.Krotov.class, BenchCommand.SoftHebb.class, BenchCommand.Epoch.class, BenchCommand.Checkpoint.class,
                BenchCommand.Jmh.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = "Coordination overhead per window (P = 2, 8, 32), spike events delivered per second, "
                    + "trace write throughput.")
    static final class Engine implements Callable<Integer> {
        @Option(names = "--windows", defaultValue = "20000", description = "Windows per coordination run (default: ${DEFAULT-VALUE}).")
        long windows;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats per figure; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Mixin
        CommonOptions.Threads threads;

        @Override
        public Integer call() throws Exception {
            if (windows < 100 || repeats < 1) {
                throw new BadInputException("--windows must be >= 100 and --repeats >= 1");
            }
            Path scratch = Files.createTempDirectory("lamina-bench");
            try {
                new EngineBenchmark(System.out, threads.count, repeats).runAll(windows, scratch);
            } finally {
                Files.deleteIfExists(scratch);
            }
            return 0;
        }
    }

    @Command(name = "inhibition", mixinStandardHelpOptions = true,
            description = "Krotov-Hopfield lateral-inhibition integration steps per second on one thread, per integrator.")
    static final class Inhibition implements Callable<Integer> {
        @Option(names = "--units", defaultValue = "2000", description = "Units N (default: ${DEFAULT-VALUE}).")
        int units;

        @Option(names = "--batch", defaultValue = "100", description = "Examples B (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--steps", defaultValue = "2000", description = "Steps per timed repeat (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            if (units < 1 || batch < 1 || steps < 1 || repeats < 1) {
                throw new BadInputException("--units, --batch, --steps and --repeats must be >= 1");
            }
            org.lamina.bench.InhibitionBenchmark.run(System.out, units, batch, steps, repeats);
            return 0;
        }
    }

    @Command(name = "settle", mixinStandardHelpOptions = true,
            description = "The batched settle of the inhibition dynamics behind learning from them: minibatches/s and"
                    + " unit updates/s per backend, the memory traffic that implies against the streaming bandwidth,"
                    + " and the exact ReLU steady state.")
    static final class Settle implements Callable<Integer> {
        @Option(names = "--units", defaultValue = "2000", description = "Units N (default: ${DEFAULT-VALUE}).")
        int units;

        @Option(names = "--batch", defaultValue = "100", description = "Examples B (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--inhibition", defaultValue = "0.8",
                description = "w_inh (default: ${DEFAULT-VALUE}, as krotov-mnist-dynamics.conf).")
        double inhibition;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            if (units < 2 || batch < 1 || repeats < 1 || !(inhibition >= 0) || Double.isInfinite(inhibition)) {
                throw new BadInputException("--units must be >= 2, --batch and --repeats >= 1, --inhibition >= 0");
            }
            List<org.lamina.kernels.Kernels> backends = new java.util.ArrayList<>();
            backends.add(org.lamina.kernels.Kernels.java());
            try {
                backends.add(org.lamina.kernels.Kernels.of(org.lamina.kernels.backend.BackendSelection.select(
                        org.lamina.kernels.backend.BackendRequest.OPENCL)));
            } catch (org.lamina.kernels.backend.BackendUnavailableException e) {
                System.out.println("opencl: " + e.getMessage());
            }
            org.lamina.bench.SettleBenchmark.run(System.out, backends, units, batch, inhibition, repeats);
            return 0;
        }
    }

    @Command(name = "products", mixinStandardHelpOptions = true,
            description = "GFLOP/s of the batched product behind input currents, per kernel backend.")
    static final class Products implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "2000", description = "Rows of W (default: ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--cols", defaultValue = "784", description = "Columns of W (default: ${DEFAULT-VALUE}).")
        int cols;

        @Option(names = "--batch", defaultValue = "100", description = "Examples (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--calls", defaultValue = "40", description = "Calls per timed repeat (default: ${DEFAULT-VALUE}).")
        int calls;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            if (rows < 1 || cols < 1 || batch < 1 || calls < 1 || repeats < 1) {
                throw new BadInputException("--rows, --cols, --batch, --calls and --repeats must be >= 1");
            }
            org.lamina.bench.ProductBenchmark.run(System.out, rows, cols, batch, calls, repeats);
            return 0;
        }
    }

    @Command(name = "accumulate", mixinStandardHelpOptions = true,
            description = "Input currents from spike-coded images (W 2000 x 784, batch 100, presentations of T steps):"
                    + " the sparse accumulation of the events per backend, events/s and GFLOP/s, beside the dense"
                    + " product W . counts giving the same currents.")
    static final class Accumulate implements Callable<Integer> {
        @Option(names = "--units", defaultValue = "2000", description = "Units, rows of W (default: ${DEFAULT-VALUE}).")
        int units;

        @Option(names = "--inputs", defaultValue = "784", description = "Inputs, columns of W (default: ${DEFAULT-VALUE}).")
        int inputs;

        @Option(names = "--batch", defaultValue = "100", description = "Examples (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--steps", split = ",", defaultValue = "5,10,20,50",
                description = "Presentation lengths T in steps, comma-separated (default: ${DEFAULT-VALUE}).")
        List<Integer> steps;

        @Option(names = "--max-rate", defaultValue = "1.0",
                description = "Spike probability per step of a pixel of intensity 1 (default: ${DEFAULT-VALUE}).")
        double maxRate;

        @Option(names = "--on-fraction", defaultValue = "0.19",
                description = "Fraction of pixels that are not 0, as in MNIST (default: ${DEFAULT-VALUE}).")
        double onFraction;

        @Option(names = "--backend", split = ",", defaultValue = "java,opencl",
                description = "Backends, comma-separated: reference, java, opencl (default: ${DEFAULT-VALUE}).")
        List<String> backends;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            if (units < 1 || inputs < 1 || batch < 1 || repeats < 1 || steps.stream().anyMatch(t -> t < 1)
                    || !(maxRate > 0 && maxRate <= 1) || !(onFraction > 0 && onFraction <= 1)) {
                throw new BadInputException("--units, --inputs, --batch, --repeats and --steps must be >= 1; --max-rate"
                        + " and --on-fraction in (0, 1]");
            }
            List<org.lamina.kernels.Kernels> kernels = new java.util.ArrayList<>();
            for (String b : backends) {
                switch (b) {
                    case "reference" -> kernels.add(org.lamina.kernels.Kernels.of(new org.lamina.kernels.backend.BackendSelection(
                            org.lamina.kernels.backend.BackendRequest.JAVA, org.lamina.kernels.backend.Backend.REFERENCE,
                            null, "cpu", "")));
                    case "java" -> kernels.add(org.lamina.kernels.Kernels.java());
                    case "opencl" -> {
                        try {
                            kernels.add(org.lamina.kernels.Kernels.of(org.lamina.kernels.backend.BackendSelection.select(
                                    org.lamina.kernels.backend.BackendRequest.OPENCL)));
                        } catch (org.lamina.kernels.backend.BackendUnavailableException e) {
                            System.out.println("opencl: " + e.getMessage());
                        }
                    }
                    default -> throw new BadInputException("--backend: expected reference, java or opencl, got '" + b + "'");
                }
            }
            org.lamina.bench.AccumulateBenchmark.run(System.out, kernels, units, inputs, batch,
                    steps.stream().mapToInt(Integer::intValue).toArray(), maxRate, onFraction, repeats);
            return 0;
        }
    }

    /** Options shared by the plasticity-step benchmarks; {@code --batch 0} means the rule's usual batch. */
    abstract static class PlasticityBench implements Callable<Integer> {
        @Option(names = "--hidden", defaultValue = "2000", description = "Hidden units (default: ${DEFAULT-VALUE}).")
        int hidden;

        @Option(names = "--inputs", defaultValue = "784", description = "Inputs (default: ${DEFAULT-VALUE}).")
        int inputs;

        @Option(names = "--batch", defaultValue = "0", description = "Minibatch (default: 100 for Krotov, 32 for SoftHebb).")
        int batch;

        @Option(names = "--steps", defaultValue = "50", description = "Steps per timed repeat (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        abstract int usualBatch();

        abstract void run(int batchSize);

        @Override
        public Integer call() {
            if (hidden < 7 || inputs < 1 || batch < 0 || steps < 1 || repeats < 1) {
                throw new BadInputException("--hidden must be >= 7; --inputs, --steps, --repeats >= 1; --batch >= 0");
            }
            run(batch == 0 ? usualBatch() : batch);
            return 0;
        }
    }

    @Command(name = "krotov", mixinStandardHelpOptions = true,
            description = "One Krotov minibatch step (W 2000 x 784, batch 100, p = 3, k = 7) per kernel backend.")
    static final class Krotov extends PlasticityBench {
        @Override
        int usualBatch() {
            return 100;
        }

        @Override
        void run(int batchSize) {
            PlasticityBenchmark.krotov(System.out, hidden, inputs, batchSize, steps, repeats);
        }
    }

    @Command(name = "softhebb", mixinStandardHelpOptions = true,
            description = "One SoftHebb minibatch step (W 2000 x 784, batch 32, MNIST preset) per kernel backend.")
    static final class SoftHebb extends PlasticityBench {
        @Override
        int usualBatch() {
            return 32;
        }

        @Override
        void run(int batchSize) {
            PlasticityBenchmark.softHebb(System.out, hidden, inputs, batchSize, steps, repeats);
        }
    }

    @Command(name = "epoch", mixinStandardHelpOptions = true,
            description = "The unsupervised phase on MNIST through the engine (tracing off) and the rule's kernel alone:"
                    + " s per epoch, examples/s, GFLOP/s and the engine's overhead. Needs MNIST.")
    static final class Epoch implements Callable<Integer> {
        @Option(names = "--rule", defaultValue = "krotov", description = "krotov or softhebb (default: ${DEFAULT-VALUE}).")
        String rule;

        @Option(names = "--hidden", defaultValue = "2000", description = "Hidden units (default: ${DEFAULT-VALUE}).")
        int hidden;

        @Option(names = "--batch", defaultValue = "0", description = "Minibatch (default: 100 for krotov, 32 for softhebb).")
        int batch;

        @Option(names = "--batches", defaultValue = "300", description = "Minibatches per timed repeat (default: ${DEFAULT-VALUE}).")
        int batches;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--warmup", defaultValue = "4000",
                description = "Untimed minibatches through each path first, for the JIT (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Mixin
        CommonOptions.Threads threads;

        @Option(names = "--backend", defaultValue = "java", description = "auto, opencl or java (default: ${DEFAULT-VALUE}).")
        String backend;

        @Option(names = "--activity", defaultValue = "ranking",
                description = "krotov: the learning signal, ranking or dynamics (default: ${DEFAULT-VALUE}).")
        String activity;

        @Option(names = "--inhibition", defaultValue = "0.8",
                description = "dynamics: w_inh (default: ${DEFAULT-VALUE}, as krotov-mnist-dynamics.conf).")
        double inhibition;

        @Option(names = "--h-star", defaultValue = "0.5",
                description = "dynamics: h* relative to each example's largest h (default: ${DEFAULT-VALUE}).")
        double hStar;

        @Option(names = "--settle", defaultValue = "exact",
                description = "dynamics: exact (the ReLU steady state) or ode (integrated) (default: ${DEFAULT-VALUE}).")
        String settle;

        @Option(names = "--encoding", defaultValue = "analog",
                description = "krotov: images as analog minibatches, or as poisson or regular spikes the layer accumulates"
                        + " event by event (default: ${DEFAULT-VALUE}).")
        String encoding;

        @Option(names = "--presentation-steps", defaultValue = "10",
                description = "spikes: steps T per minibatch (default: ${DEFAULT-VALUE}).")
        int presentationSteps;

        @Override
        public Integer call() throws java.io.IOException {
            org.lamina.kernels.plasticity.KrotovActivity signals = switch (activity) {
                case "ranking" -> org.lamina.kernels.plasticity.KrotovActivity.RANKING;
                case "dynamics" -> new org.lamina.kernels.plasticity.KrotovActivity.Dynamics(
                        new org.lamina.kernels.dynamics.SettleParams(inhibition, 10, 0.5, 1, "euler", 1e-3, 10_000), hStar,
                        true, settle.equals("exact"));
                default -> throw new BadInputException("--activity: expected ranking or dynamics, got '" + activity + "'");
            };
            if (!settle.equals("exact") && !settle.equals("ode")) {
                throw new BadInputException("--settle: expected exact or ode, got '" + settle + "'");
            }
            org.lamina.bench.EpochBenchmark.Rule r = switch (rule) {
                case "krotov" -> org.lamina.bench.EpochBenchmark.Rule.KROTOV;
                case "softhebb" -> org.lamina.bench.EpochBenchmark.Rule.SOFTHEBB;
                default -> throw new BadInputException("--rule: expected krotov or softhebb, got '" + rule + "'");
            };
            org.lamina.neurons.input.DatasetInput.Encoding coding = switch (encoding) {
                case "analog", "poisson", "regular" -> org.lamina.neurons.input.DatasetInput.Encoding.of(encoding);
                default -> throw new BadInputException("--encoding: expected analog, poisson or regular, got '" + encoding
                        + "'");
            };
            if (coding != org.lamina.neurons.input.DatasetInput.Encoding.ANALOG
                    && (r != org.lamina.bench.EpochBenchmark.Rule.KROTOV || presentationSteps < 1)) {
                throw new BadInputException("--encoding poisson or regular: only with --rule krotov, and"
                        + " --presentation-steps >= 1");
            }
            if (hidden < 7 || batch < 0 || batches < 1 || repeats < 1 || warmup < 0) {
                throw new BadInputException("--hidden must be >= 7; --batches, --repeats >= 1; --batch, --warmup >= 0");
            }
            org.lamina.scenarios.run.KernelChoice kernels = org.lamina.scenarios.run.KernelChoice.parse(backend);
            System.out.println(kernels.selection().summary());
            int b = batch > 0 ? batch : r == org.lamina.bench.EpochBenchmark.Rule.KROTOV ? 100 : 32;
            org.lamina.bench.EpochBenchmark.print(org.lamina.bench.EpochBenchmark.run(r, hidden, b,
                    batches, warmup, repeats, org.lamina.kernels.Kernels.of(kernels.selection()), threads.count, signals,
                    coding, presentationSteps),
                    System.out);
            return 0;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "What a checkpoint of the default run costs: the quickstart network's unsupervised epochs"
                    + " (tracing off), each followed by a checkpoint saved, encoded and written; its size and its time"
                    + " against an epoch's. Needs MNIST.")
    static final class Checkpoint implements Callable<Integer> {
        @Option(names = "--epochs", defaultValue = "3", description = "Timed epochs, after one untimed (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--backend", defaultValue = "java", description = "auto, opencl or java (default: ${DEFAULT-VALUE}).")
        String backend;

        @Mixin
        CommonOptions.Threads threads;

        @Override
        public Integer call() throws java.io.IOException {
            if (epochs < 1) {
                throw new BadInputException("--epochs must be >= 1");
            }
            CheckpointBenchmark.print(System.out, CheckpointBenchmark.run(epochs, backend, threads.count));
            return 0;
        }
    }

    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = "JMH: the forward product (W 2000 x 784, batch 100), a Krotov step (batch 100) and a SoftHebb"
                    + " step (batch 32) per backend, in ms per call, GFLOP/s and share of the GEMM ceiling.")
    static final class Jmh implements Callable<Integer> {
        @Option(names = "--backend", split = ",", defaultValue = "java",
                description = "Backends, comma-separated: java, opencl (default: ${DEFAULT-VALUE}).")
        List<String> backends;

        @Option(names = "--forks", defaultValue = "1", description = "JVM forks per benchmark (default: ${DEFAULT-VALUE}).")
        int forks;

        @Option(names = "--warmup", defaultValue = "5", description = "Warm-up iterations of 1 s (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--iterations", defaultValue = "10", description = "Measured iterations of 1 s (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--ceiling", defaultValue = "372",
                description = "The machine's float32 GEMM ceiling in GFLOP/s, for the share column (default: ${DEFAULT-VALUE},"
                        + " the 2-core AVX-512 figure the kernels' targets were set against).")
        double ceiling;

        @Option(names = "--only", description = "A regular expression of benchmark methods (forwardProduct, krotovStep,"
                + " softHebbStep); default all.")
        String only;

        @Override
        public Integer call() throws Exception {
            if (forks < 0 || warmup < 0 || iterations < 1 || !(ceiling > 0)) {
                throw new BadInputException("--forks and --warmup must be >= 0, --iterations >= 1, --ceiling > 0");
            }
            for (String b : backends) {
                if (!List.of("java", "opencl").contains(b)) {
                    throw new BadInputException("--backend: expected java or opencl, got '" + b + "'");
                }
            }
            String methods = only == null ? ".*" : only;
            org.openjdk.jmh.runner.options.Options options = new org.openjdk.jmh.runner.options.OptionsBuilder()
                    .include(java.util.regex.Pattern.quote(KernelStepBenchmarks.class.getName()) + "\\.(" + methods + ")$")
                    .param("backend", backends.toArray(new String[0]))
                    .forks(forks)
                    .warmupIterations(warmup)
                    .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                    .measurementIterations(iterations)
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                    .build();
            java.util.Collection<org.openjdk.jmh.results.RunResult> results;
            try {
                results = new org.openjdk.jmh.runner.Runner(options).run();
            } catch (org.openjdk.jmh.runner.NoBenchmarksException e) {
                results = java.util.List.of();
            }
            if (results.isEmpty()) {
                throw new BadInputException("--only '" + methods + "' matches none of the benchmarks forwardProduct,"
                        + " krotovStep, softHebbStep");
            }
            System.out.println();
            System.out.println("| benchmark | backend | ms per call (99.9% CI) | GFLOP/s | share of " + ceiling + " GFLOP/s |");
            System.out.println("|---|---|---|---|---|");
            for (org.openjdk.jmh.results.RunResult r : results) {
                String name = r.getParams().getBenchmark();
                String method = name.substring(name.lastIndexOf('.') + 1);
                double ms = r.getPrimaryResult().getScore();
                double error = r.getPrimaryResult().getScoreError();
                double gflops = KernelStepBenchmarks.flops(method) / (ms * 1e6);
                System.out.printf(java.util.Locale.ROOT, "| %s | %s | %.2f ± %.2f | %.1f | %.1f%% |%n", method,
                        r.getParams().getParam("backend"), ms, Double.isNaN(error) ? 0 : error, gflops,
                        100 * gflops / ceiling);
            }
            return 0;
        }
    }
}
