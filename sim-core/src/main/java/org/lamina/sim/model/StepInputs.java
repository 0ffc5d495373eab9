package org.lamina.sim.model;

import java.util.List;
import org.lamina.sim.event.Emission;

/** What arrives at a population in one step, in ascending projection id (then emission step). */
public interface StepInputs {

    /** One arrival: an emission of {@code projection}'s source, delivered now. */
    record Arrival(int projection, Emission emission) {
    }

    List<Arrival> arrivals();

    default boolean isEmpty() {
        return arrivals().isEmpty();
    }
}
