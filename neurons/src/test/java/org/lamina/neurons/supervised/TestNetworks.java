package org.lamina.neurons.supervised;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.lamina.kernels.Kernels;
import org.lamina.proto.Frame;
import org.lamina.proto.TraceRecord;
import org.lamina.sim.engine.RunInfo;
import org.lamina.sim.engine.Simulation;
import org.lamina.sim.model.IncomingProjection;
import org.lamina.sim.model.PhaseKind;
import org.lamina.sim.model.Services;
import org.lamina.sim.rng.CounterRng;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.Plasticity;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.spec.RecordingSpec;
import org.lamina.sim.spec.WeightInit;
import org.lamina.sim.testing.ScriptedDense;
import org.lamina.sim.trace.MemoryTraceSink;

/**
 * Builds small supervised networks for the tests: populations {@code input}, {@code labels},
 * {@code h1 .. hH}, {@code out}; projections 0 = input → h1, l = h_l → h_{l+1}, H = h_H → out,
 * H + 1 = labels → out, then H + 1 + l = the TD projection into h_l (from h_{l+1}, or from out for
 * the top layer and for dfa). All delays are 1 step.
 */
final class TestNetworks {
    /** The Java kernels, given explicitly to the simulations these tests start. */
    static final Services JAVA = Services.of(Kernels.java());

    static final long SEED = 17;

    private TestNetworks() {
    }

    /** A network of {@code sizes} = (inputs, hidden..., classes) fed the scripted minibatches every {@code period} steps. */
    record Net(int[] sizes, int batch, int period, List<float[]> xs, List<float[]> ys, boolean dfa,
               WeightInit buInit, WeightInit tdInit) {

        int hidden() {
            return sizes.length - 2;
        }

        String name(int layer) {
            return layer == 0 ? "input" : layer == sizes.length - 1 ? "out" : "h" + layer;
        }

        /** Source of the TD projection into hidden layer l. */
        String errorFrom(int layer) {
            return dfa ? "out" : name(layer + 1);
        }

        /** Id of the bottom-up projection into layer l (1-based; the output is layer H + 1). */
        int buProjection(int layer) {
            return layer - 1;
        }

        int tdProjection(int layer) {
            return hidden() + 1 + layer;
        }

        NetworkSpec spec(BiFunction<Integer, String, SupervisedLayer> hiddenLayer, SoftmaxOutput output) {
            int h = hidden();
            List<PopulationSpec> pops = new ArrayList<>();
            pops.add(new PopulationSpec("input", sizes[0], batch, new ScriptedDense(sizes[0], period, xs)));
            pops.add(new PopulationSpec("labels", sizes[h + 1], batch, new ScriptedDense(sizes[h + 1], period, ys)));
            List<Plasticity> rules = new ArrayList<>();
            for (int l = 1; l <= h; l++) {
                SupervisedLayer layer = hiddenLayer.apply(l, errorFrom(l));
                pops.add(new PopulationSpec(name(l), sizes[l], batch, layer));
                rules.add(SupervisedLayer.TYPE.plasticity(layer));
            }
            pops.add(new PopulationSpec("out", sizes[h + 1], batch, output));
            rules.add(SoftmaxOutput.TYPE.plasticity(output));
            List<ProjectionSpec> projs = new ArrayList<>();
            for (int l = 1; l <= h + 1; l++) { // the bottom-up projections carry the rules
                projs.add(new ProjectionSpec(name(l - 1), name(l), 1, buInit, rules.get(l - 1)));
            }
            projs.add(new ProjectionSpec("labels", "out", 1, WeightInit.constant(0)));
            for (int l = 1; l <= h; l++) {
                projs.add(new ProjectionSpec(errorFrom(l), name(l), 1, tdInit));
            }
            return new NetworkSpec(pops, projs, 1.0, SEED);
        }

        /** The initial weights the engine draws for projection {@code id} from {@code source} (size) into {@code target}. */
        float[] initialWeights(int id, int sourceSize, int targetSize, WeightInit init) {
            return new IncomingProjection(id, "", sourceSize, targetSize, 1, init, Plasticity.NONE,
                    CounterRng.stream(SEED, CounterRng.WEIGHT_INIT, id)).initialWeights();
        }

        float[] initialBu(int layer) {
            return initialWeights(buProjection(layer), sizes[layer - 1], sizes[layer], buInit);
        }

        float[] initialTd(int layer) {
            int source = dfa ? sizes[sizes.length - 1] : sizes[layer + 1];
            return initialWeights(tdProjection(layer), source, sizes[layer], tdInit);
        }
    }

    /** Random inputs in [-1, 1] and one-hot labels. */
    static Net random(int[] sizes, int batch, int batches, int period, boolean dfa, long seed) {
        Random r = new Random(seed);
        List<float[]> xs = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        int classes = sizes[sizes.length - 1];
        for (int k = 0; k < batches; k++) {
            float[] x = new float[batch * sizes[0]];
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * r.nextFloat() - 1;
            }
            float[] y = new float[batch * classes];
            for (int b = 0; b < batch; b++) {
                y[b * classes + r.nextInt(classes)] = 1f;
            }
            xs.add(x);
            ys.add(y);
        }
        return new Net(sizes, batch, period, xs, ys, dfa, WeightInit.uniform(-0.5, 0.5), WeightInit.uniform(-0.5, 0.5));
    }

    /** What a run left in its trace. */
    record Run(Map<Integer, float[]> lastWeights, List<Frame> metrics) {
        List<Double> metric(String name) {
            return metrics.stream().filter(f -> f.getMetric().getName().equals(name)).map(f -> f.getMetric().getValue())
                    .toList();
        }

        List<Frame> metricFrames(String name) {
            return metrics.stream().filter(f -> f.getMetric().getName().equals(name)).toList();
        }
    }

    /** Runs {@code spec} for {@code steps} steps inside the phase {@code phase} (null: none), recording every projection's weights. */
    static Run run(ActorSystem<?> system, NetworkSpec spec, String phase, long steps, Services services) {
        return run(system, spec, phase, steps, services, true);
    }

    /** As above; {@code tdWeights}: also record the TD projections' weights (rules whose receivers own them). */
    static Run run(ActorSystem<?> system, NetworkSpec spec, String phase, long steps, Services services,
                   boolean tdWeights) {
        Set<Integer> probed = new java.util.TreeSet<>();
        int buCount = spec.populations().size() - 2; // input → h1 ... h_H → out
        for (int j = 0; j < spec.projections().size(); j++) {
            if (!spec.projections().get(j).source().equals("labels") && (j < buCount || tdWeights)) {
                probed.add(j);
            }
        }
        return run(system, spec, phase, steps, services, probed);
    }

    /** As above, recording the weights of the projections {@code probed}. */
    static Run run(ActorSystem<?> system, NetworkSpec spec, String phase, long steps, Services services,
                   Set<Integer> probed) {
        List<RecordingSpec.WeightProbe> probes = new ArrayList<>();
        for (int j : probed) {
            ProjectionSpec p = spec.projections().get(j);
            probes.add(new RecordingSpec.WeightProbe(p.source(), p.target(), 1));
        }
        MemoryTraceSink sink = new MemoryTraceSink();
        Simulation sim = Simulation.start(system, spec, new RecordingSpec(Set.of(), List.of(), probes), sink,
                new RunInfo("supervised-test", "", null), services);
        if (phase != null) {
            sim.markPhase(spec.phase(phase, PhaseKind.SUPERVISED), true);
        }
        sim.runToEnd(steps);
        Map<Integer, float[]> weights = new HashMap<>();
        List<Frame> metrics = new ArrayList<>();
        for (TraceRecord rec : sink.records()) {
            Frame f = rec.getFrame();
            if (f.hasWeights()) {
                float[] w = new float[f.getWeights().getValuesCount()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = f.getWeights().getValues(i);
                }
                weights.put(f.getWeights().getProjection(), w);
            } else if (f.hasMetric()) {
                metrics.add(f);
            }
        }
        return new Run(weights, metrics);
    }

    /** Relative difference in norm, {@code |a − b| / |b|}. */
    static double relative(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            diff += d * d;
            norm += (double) b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}
