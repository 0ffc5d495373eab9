package org.lamina.scenarios.data;

import org.junit.jupiter.api.Test;
import org.lamina.neurons.input.Split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The normalisations on datasets small enough to check by hand, and their statistics on bars. */
class NormalisationTest {
    /** Three 2-pixel examples; pixel 1 is constant on the training split. */
    private static final Dataset TRAIN = new Dataset("toy", Split.TRAIN, 2, 1, 2,
            new float[] {0, 5, 3, 5, 6, 5}, new int[] {0, 1, 0});
    private static final Dataset TEST = new Dataset("toy", Split.TEST, 2, 1, 2, new float[] {3, 7, 0, 0}, new int[] {1, 1});

    @Test
    void parsesTheScenarioNames() {
        assertEquals(Normalisation.DIVIDE_255, Normalisation.parse("divide-255"));
        assertEquals(Normalisation.UNIT_LENGTH, Normalisation.parse(" Unit-Length"));
        assertEquals(Normalisation.MEAN_STD, Normalisation.parse("mean-std"));
        assertEquals(Normalisation.NONE, Normalisation.parse("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalisation.parse("zscore"));
        assertTrue(e.getMessage().contains("none, divide-255, unit-length, mean-std"), e.getMessage());
    }

    @Test
    void noneAndDivide255() {
        assertSame(TEST, Normalisation.NONE.fit(TRAIN).apply(TEST));
        Dataset bytes = new Dataset("b", Split.TRAIN, 3, 1, 1, new float[] {0, 51, 255}, new int[] {0});
        Dataset scaled = Normalisation.DIVIDE_255.fit(bytes).apply(bytes);
        assertArrayEquals(new float[] {0, 0.2f, 1}, scaled.imagesCopy());
        assertArrayEquals(bytes.labels(), scaled.labels());
        assertEquals(255f, bytes.pixel(0, 2), "the original is untouched");
    }

    @Test
    void unitLengthPerExampleAndZeroStaysZero() {
        Dataset d = Normalisation.UNIT_LENGTH.fit(TRAIN).apply(TEST);
        float norm = (float) Math.sqrt(58);
        assertArrayEquals(new float[] {3 / norm, 7 / norm, 0, 0}, d.imagesCopy(), 1e-7f);
        Dataset bars = Bars.generate(new Bars.Params(6, 0.3, 200, 0, 3), Split.TRAIN);
        Dataset unit = Normalisation.UNIT_LENGTH.fit(bars).apply(bars);
        for (int e = 0; e < unit.size(); e++) {
            double sum = 0;
            for (int i = 0; i < unit.pixels(); i++) {
                sum += unit.pixel(e, i) * unit.pixel(e, i);
            }
            assertEquals(bars.label(e) == 0 ? 0 : 1, sum, 1e-5, "example " + e);
        }
    }

    @Test
    void meanStdUsesTheTrainingStatisticsOnEverySplit() {
        Normalisation.Fitted fitted = Normalisation.MEAN_STD.fit(TRAIN);
        // Pixel 0: mean 3, population std sqrt(6); pixel 1: mean 5, std 0, so only centred.
        double sd = Math.sqrt(6);
        assertArrayEquals(new float[] {(float) (-3 / sd), 0, 0, 0, (float) (3 / sd), 0},
                fitted.apply(TRAIN).imagesCopy(), 1e-6f);
        assertArrayEquals(new float[] {0, 2, (float) (-3 / sd), -5}, fitted.apply(TEST).imagesCopy(), 1e-6f);
    }

    @Test
    void meanStdGivesZeroMeanUnitVarianceOnTheTrainingSplit() {
        Dataset bars = Bars.generate(new Bars.Params(6, 0.2, 1000, 0, 9), Split.TRAIN);
        Dataset z = Normalisation.MEAN_STD.fit(bars).apply(bars);
        for (int i = 0; i < z.pixels(); i++) {
            double mean = 0;
            double sq = 0;
            for (int e = 0; e < z.size(); e++) {
                mean += z.pixel(e, i);
                sq += z.pixel(e, i) * z.pixel(e, i);
            }
            assertEquals(0, mean / z.size(), 1e-5, "pixel " + i);
            assertEquals(1, sq / z.size(), 1e-4, "pixel " + i);
        }
    }

    @Test
    void meanStdRefusesAnEmptyTrainingSplitOrAnotherShape() {
        Dataset empty = TRAIN.limit(0);
        assertThrows(IllegalArgumentException.class, () -> Normalisation.MEAN_STD.fit(empty));
        Dataset other = new Dataset("o", Split.TEST, 3, 1, 1, new float[3], new int[1]);
        assertThrows(IllegalArgumentException.class, () -> Normalisation.MEAN_STD.fit(TRAIN).apply(other));
    }
}
