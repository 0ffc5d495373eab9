package org.lamina.sim.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CounterRngTest {

    @Test
    void drawsArePureFunctionsOfTheirCounters() {
        CounterRng a = CounterRng.stream(42, CounterRng.POPULATION, 3);
        CounterRng b = CounterRng.stream(42, CounterRng.POPULATION, 3);
        double first = a.uniform(100, 7);
        for (int i = 0; i < 1000; i++) {
            b.uniform(i, i); // other draws in between change nothing
        }
        assertEquals(first, b.uniform(100, 7));
    }

    @Test
    void streamsDifferBySeedDomainAndId() {
        double x = CounterRng.stream(42, CounterRng.POPULATION, 3).uniform(0, 0);
        assertNotEquals(x, CounterRng.stream(43, CounterRng.POPULATION, 3).uniform(0, 0));
        assertNotEquals(x, CounterRng.stream(42, CounterRng.WEIGHT_INIT, 3).uniform(0, 0));
        assertNotEquals(x, CounterRng.stream(42, CounterRng.POPULATION, 4).uniform(0, 0));
    }

    @Test
    void uniformAndNormalHaveTheRightMoments() {
        CounterRng r = CounterRng.stream(7, CounterRng.POPULATION, 0);
        int n = 200_000;
        double su = 0, su2 = 0, sn = 0, sn2 = 0;
        for (int i = 0; i < n; i++) {
            double u = r.uniform(i / 100, i % 100);
            float f = r.uniformFloat(i, 1);
            assertTrue(u >= 0 && u < 1 && f >= 0 && f < 1);
            su += u;
            su2 += u * u;
            double z = r.normal(i, 2);
            sn += z;
            sn2 += z * z;
        }
        // Means within ~5 standard errors.
        assertEquals(0.5, su / n, 5 * Math.sqrt(1.0 / 12 / n));
        assertEquals(1.0 / 12, su2 / n - Math.pow(su / n, 2), 0.002);
        assertEquals(0.0, sn / n, 5 / Math.sqrt(n));
        assertEquals(1.0, sn2 / n - Math.pow(sn / n, 2), 0.02);
    }
}
