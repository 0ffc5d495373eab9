package org.lamina.neurons.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Threshold events and refractory periods, as LIF and Krotov–Hopfield units use them. */
class ThresholdEventsTest {

    /** Steps at which a unit whose value is {@code values[t]} at step t has an event. */
    static List<Integer> events(ThresholdEvents.Trigger trigger, int refractory, float... values) {
        ThresholdEvents e = new ThresholdEvents(1f, refractory, trigger, 1);
        List<Integer> at = new ArrayList<>();
        float previous = 0f;
        for (int t = 0; t < values.length; t++) {
            if (!e.refractory(0) && e.fired(0, values[t], previous)) {
                at.add(t);
            }
            previous = values[t];
        }
        return at;
    }

    @Test
    void atOrAboveFiresWheneverTheValueReachesTheThresholdOutsideRefractoryPeriods() {
        assertEquals(List.of(1, 2, 3), events(ThresholdEvents.Trigger.AT_OR_ABOVE, 0, 0.5f, 1f, 2f, 1f));
        // Two refractory steps after each event: steps 2 and 3 are skipped.
        assertEquals(List.of(1, 4), events(ThresholdEvents.Trigger.AT_OR_ABOVE, 2, 0.5f, 1f, 2f, 1f, 1f));
    }

    @Test
    void upwardCrossingFiresOnlyWhenTheValueComesFromBelow() {
        assertEquals(List.of(1, 4), events(ThresholdEvents.Trigger.UPWARD_CROSSING, 0, 0.5f, 1f, 2f, 0.9f, 1.5f));
        // Refractory during the second crossing (step 3 after the event at step 1 with 3 silent steps).
        assertEquals(List.of(1), events(ThresholdEvents.Trigger.UPWARD_CROSSING, 3, 0.5f, 1f, 0f, 1f, 2f));
    }

    @Test
    void refractoryCountsItselfOff() {
        ThresholdEvents e = new ThresholdEvents(0f, 2, ThresholdEvents.Trigger.AT_OR_ABOVE, 2);
        assertTrue(e.fired(1, 0f, 0f));
        assertFalse(e.refractory(0));
        assertTrue(e.refractory(1));
        assertTrue(e.refractory(1));
        assertFalse(e.refractory(1));
    }
}
