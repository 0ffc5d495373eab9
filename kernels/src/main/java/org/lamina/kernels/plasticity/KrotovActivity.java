package org.lamina.kernels.plasticity;

import org.lamina.kernels.dynamics.SettleParams;

/**
 * Where the Krotov rule's per-example learning signal {@code g} comes from, given the currents.
 */
public sealed interface KrotovActivity {

    /** The ranking shortcut: {@code g = 1} for the largest current, {@code -delta} for the k-th, 0 elsewhere. */
    record Ranking() implements KrotovActivity {
    }

    /**
     * The lateral-inhibition dynamics settled from the currents ({@link SettleParams}), then the
     * paper's {@code g(h)}: 1 for {@code h >= h*}, {@code -delta} for {@code 0 <= h < h*}, 0 below.
     *
     * @param hStar     the threshold h*, absolute, or a fraction of the example's largest h when {@code relative}
     * @param exact     for the ReLU rate, the steady state computed directly ({@code ExactSteadyState}) instead of
     *                  integrating the ODE: the same state, without its transient
     */
    record Dynamics(SettleParams settle, double hStar, boolean relative, boolean exact) implements KrotovActivity {
        public Dynamics {
            if (!Double.isFinite(hStar) || relative && !(hStar > 0 && hStar <= 1)) {
                throw new IllegalArgumentException("h* must be finite, and in (0, 1] when relative; got " + hStar);
            }
            if (exact && !settle.relu()) {
                throw new IllegalArgumentException("the exact steady state needs the ReLU rate (power 1), got "
                        + settle.ratePower());
            }
        }

        /** The threshold for an example whose largest h is {@code largest}. */
        public double threshold(double largest) {
            return relative ? hStar * largest : hStar;
        }
    }

    KrotovActivity RANKING = new Ranking();
}
