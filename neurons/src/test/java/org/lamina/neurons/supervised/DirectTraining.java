package org.lamina.neurons.supervised;

import org.lamina.kernels.Kernels;
import org.lamina.kernels.product.MatrixProduct;
import org.lamina.kernels.supervised.Activation;
import org.lamina.kernels.supervised.BatchReduction;
import org.lamina.kernels.supervised.CounterHebbRule;
import org.lamina.kernels.supervised.CrossEntropy;
import org.lamina.kernels.supervised.ErrorFeedback;
import org.lamina.kernels.supervised.ErrorPropagation;

/**
 * Standard minibatch training written as one plain loop over the kernels, with no engine: the
 * whole forward pass, the output error, the whole backward pass with the pre-update weights, then
 * every update. What the populations must reproduce.
 */
final class DirectTraining implements AutoCloseable {
    final int[] sizes;
    final int layers; // weight layers: hidden + output
    final int batch;
    final Activation activation;
    final SupervisedRule rule;
    final Optimiser optimiser;
    final BatchReduction reduction;
    final float[][] w;
    final float[][] b;
    final float[][] m;
    private final Optimiser.Parameter[] wp;
    private final Optimiser.Parameter[] bp;
    private final Optimiser.Parameter[] mp;
    private final MatrixProduct product;
    private final CounterHebbRule counterHebb;
    private final ErrorPropagation sender;
    private final ErrorPropagation receiver;
    private final ErrorPropagation backprop;
    private long examples;
    /** The backprop gradient of each layer's W at the last minibatch (when asked for). */
    final float[][] bpGradient;
    /** The gradient each layer's W was updated with at the last minibatch. */
    final float[][] gradient;

    DirectTraining(TestNetworks.Net net, Activation activation, SupervisedRule rule, Optimiser optimiser,
                   BatchReduction reduction, Kernels kernels) {
        this.sizes = net.sizes();
        this.layers = sizes.length - 1;
        this.batch = net.batch();
        this.activation = activation;
        this.rule = rule;
        this.optimiser = optimiser;
        this.reduction = reduction;
        this.w = new float[layers + 1][];
        this.b = new float[layers + 1][];
        this.m = new float[layers][];
        this.wp = new Optimiser.Parameter[layers + 1];
        this.bp = new Optimiser.Parameter[layers + 1];
        this.mp = new Optimiser.Parameter[layers];
        this.bpGradient = new float[layers + 1][];
        this.gradient = new float[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            w[l] = net.initialBu(l);
            b[l] = new float[sizes[l]];
            wp[l] = optimiser.parameter(w[l]);
            bp[l] = optimiser.parameter(b[l]);
            bpGradient[l] = new float[w[l].length];
            gradient[l] = new float[w[l].length];
            if (l < layers && rule.receiverWeights()) {
                m[l] = net.initialTd(l);
                mp[l] = optimiser.parameter(m[l]);
            }
        }
        this.product = kernels.product();
        this.counterHebb = kernels.counterHebb();
        this.sender = kernels.errorPropagation(rule.senderFeedback());
        this.receiver = kernels.errorPropagation(new ErrorFeedback(ErrorFeedback.Mode.DFA, rule.gate(activation), 1));
        this.backprop = kernels.errorPropagation(ErrorFeedback.backprop(activation));
    }

    /** One minibatch; returns its score. */
    CrossEntropy.Score train(float[] x, float[] targets) {
        float[][] act = new float[layers + 1][];
        act[0] = x;
        for (int l = 1; l <= layers; l++) {
            act[l] = new float[batch * sizes[l]];
            product.multiply(w[l], sizes[l], sizes[l - 1], act[l - 1], batch, act[l]);
            for (int e = 0; e < batch; e++) {
                for (int i = 0; i < sizes[l]; i++) {
                    act[l][e * sizes[l] + i] += b[l][i];
                }
            }
            if (l < layers) {
                activation.apply(act[l], act[l]);
            }
        }
        int classes = sizes[layers];
        int valid = 0;
        for (int e = 0; e < batch; e++) {
            for (int k = 0; k < classes; k++) {
                if (targets[e * classes + k] > 0) {
                    valid++;
                    break;
                }
            }
        }
        double scale = reduction == BatchReduction.SUM ? 1.0 : 1.0 / valid;
        float[][] delta = new float[layers + 1][];
        delta[layers] = new float[batch * classes];
        CrossEntropy.Score score = CrossEntropy.outputError(act[layers], targets, classes, batch, scale, null,
                delta[layers]);
        float[][] deltaBp = new float[layers + 1][];
        deltaBp[layers] = delta[layers];
        Activation gate = rule.gate(activation);
        for (int l = layers - 1; l >= 1; l--) {
            delta[l] = new float[batch * sizes[l]];
            if (rule.rule() == SupervisedRule.Rule.DFA) {
                receiver.propagate(m[l], sizes[l], classes, delta[layers], act[l], batch, delta[l]);
            } else if (rule.receiverWeights()) {
                receiver.propagate(m[l], sizes[l], sizes[l + 1], delta[l + 1], act[l], batch, delta[l]);
            } else {
                sender.propagate(w[l + 1], sizes[l + 1], sizes[l], delta[l + 1], act[l], batch, delta[l]);
                gate.gate(delta[l], act[l], delta[l]);
            }
            deltaBp[l] = new float[batch * sizes[l]];
            backprop.propagate(w[l + 1], sizes[l + 1], sizes[l], deltaBp[l + 1], act[l], batch, deltaBp[l]);
        }
        double lr = optimiser.rate(examples);
        float[][] dm = new float[layers][];
        for (int l = 1; l < layers; l++) {
            if (rule.learnsTdWeights()) {
                dm[l] = new float[m[l].length];
                counterHebb.gradient(act[l], sizes[l], delta[l + 1], sizes[l + 1], batch, BatchReduction.SUM, dm[l]);
            }
        }
        for (int l = 1; l <= layers; l++) {
            counterHebb.gradient(delta[l], sizes[l], act[l - 1], sizes[l - 1], batch, BatchReduction.SUM, gradient[l]);
            counterHebb.gradient(deltaBp[l], sizes[l], act[l - 1], sizes[l - 1], batch, BatchReduction.SUM,
                    bpGradient[l]);
            float[] db = new float[sizes[l]];
            CounterHebbRule.biasGradient(delta[l], sizes[l], batch, BatchReduction.SUM, db);
            bp[l].step(db, lr);
            if (l < layers && dm[l] != null) {
                mp[l].step(dm[l], lr);
            }
            wp[l].step(gradient[l], lr);
        }
        examples += batch;
        return score;
    }

    @Override
    public void close() {
        product.close();
        counterHebb.close();
        sender.close();
        receiver.close();
        backprop.close();
    }
}
