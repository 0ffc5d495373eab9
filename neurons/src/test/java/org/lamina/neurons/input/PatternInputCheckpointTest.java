package org.lamina.neurons.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lamina.kernels.Kernels;
import org.lamina.neurons.testing.ResumeCheck;
import org.lamina.sim.model.PopulationContext;
import org.lamina.sim.model.Services;
import org.lamina.sim.rng.CounterRng;

/**
 * Pattern input restored from a checkpoint emits exactly what the original would have, in every
 * coding, whether the checkpoint falls at a presentation's start or inside one (where the pattern
 * is not drawn again and the regular coding's phases have advanced).
 */
class PatternInputCheckpointTest {
    static final int SIZE = 5;
    static final int BATCH = 2;
    static final int STEPS = 4;

    static ResumeCheck check(PatternInput.Coding coding) {
        PatternInput input = new PatternInput(coding, STEPS, coding == PatternInput.Coding.ANALOG ? 2.0 : 300.0);
        List<ResumeCheck.Step> script = new ArrayList<>();
        for (int s = 0; s < 5 * STEPS; s++) {
            script.add(ResumeCheck.Step.of(s, List.of()));
        }
        return new ResumeCheck(() -> input.create(new PopulationContext(0, "input", SIZE, BATCH, 1.0,
                CounterRng.stream(7, CounterRng.POPULATION, 0), List.of(), Services.of(Kernels.java()))), BATCH, script);
    }

    @ParameterizedTest
    @EnumSource(PatternInput.Coding.class)
    void resumesExactly(PatternInput.Coding coding) {
        ResumeCheck check = check(coding);
        for (int at : new int[] {1, 3, 4, 6, 9, 15}) {
            check.resumesExactlyAfter(at);
        }
    }

    /** Inside a presentation the pattern shows in every coding; the phases only where they advance. */
    @Test
    void everySavedNameIsNeeded() {
        assertEquals(Set.of(), check(PatternInput.Coding.REGULAR).namesNotShownNeeded(6));
        assertEquals(Set.of("phase"), check(PatternInput.Coding.POISSON).namesNotShownNeeded(6));
        assertEquals(Set.of("phase"), check(PatternInput.Coding.ANALOG).namesNotShownNeeded(6));
        ResumeCheck regular = check(PatternInput.Coding.REGULAR);
        regular.refusesStateWithout(regular.resumesExactlyAfter(6), "phase");
    }
}
