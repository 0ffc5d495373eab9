package org.lamina.neurons.ode;

import org.lamina.sim.model.ModelState;

/**
 * Threshold events of one state variable, unit by unit, checked once per step after integration:
 * the switching function {@code g = y - threshold} (as in Hipparchus's event detectors) triggers
 * an event, the model handles it (emits a spike, resets y) and the unit is then refractory for
 * {@code refractorySteps} steps, during which no event is checked. One detector serves every
 * model with thresholds, so the refractory logic exists once.
 */
public final class ThresholdEvents {

    /** When g triggers an event. */
    public enum Trigger {
        /** {@code g >= 0} after the step (a unit that resets after firing). */
        AT_OR_ABOVE,
        /** {@code g} went from {@code < 0} before the step to {@code >= 0} after it (a unit that does not reset). */
        UPWARD_CROSSING
    }

    private final float threshold;
    private final int refractorySteps;
    private final Trigger trigger;
    private final int[] refractory;

    /** For {@code units} units (all examples of a minibatch). */
    public ThresholdEvents(float threshold, int refractorySteps, Trigger trigger, int units) {
        if (refractorySteps < 0) {
            throw new IllegalArgumentException("refractory steps must be >= 0, got " + refractorySteps);
        }
        this.threshold = threshold;
        this.refractorySteps = refractorySteps;
        this.trigger = trigger;
        this.refractory = new int[units];
    }

    /**
     * Whether {@code unit} is refractory in this step; call it once per unit and step, before the
     * unit's event is checked (it counts the step off).
     */
    public boolean refractory(int unit) {
        if (refractory[unit] > 0) {
            refractory[unit]--;
            return true;
        }
        return false;
    }

    /**
     * Whether {@code unit}, not refractory, has an event at {@code value} ({@code previous}: its
     * value before the step, used by {@link Trigger#UPWARD_CROSSING}); an event starts its
     * refractory period.
     */
    public boolean fired(int unit, float value, float previous) {
        boolean fired = value >= threshold && (trigger == Trigger.AT_OR_ABOVE || previous < threshold);
        if (fired) {
            refractory[unit] = refractorySteps;
        }
        return fired;
    }

    /** Writes the steps each unit is still refractory for as {@code name}, for a checkpoint. */
    public void save(ModelState out, String name) {
        out.put(name, refractory);
    }

    /** Reads back what {@link #save} wrote under {@code name}. */
    public void restore(ModelState in, String name) {
        in.copyInto(name, refractory);
    }
}
