package org.lamina.scenarios.data;

import org.junit.jupiter.api.Test;
import org.lamina.neurons.input.Split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Földiák's bars: a pure function of the seed, with the statistics the definition gives. */
class BarsTest {
    private static final Bars.Params PARAMS = new Bars.Params(8, 1.0 / 8, 10_000, 500, 42);

    @Test
    void sameSeedSameImagesOtherSeedOrSplitOtherImages() {
        Dataset a = Bars.generate(PARAMS, Split.TRAIN);
        Dataset b = Bars.generate(PARAMS, Split.TRAIN);
        assertArrayEquals(a.imagesCopy(), b.imagesCopy());
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(java.util.Arrays.equals(a.limit(500).imagesCopy(), Bars.generate(PARAMS, Split.TEST).imagesCopy()));
        assertFalse(java.util.Arrays.equals(a.imagesCopy(), Bars.generate(PARAMS.withSeed(43), Split.TRAIN).imagesCopy()));
    }

    @Test
    void anExampleDoesNotDependOnHowManyAreGenerated() {
        Dataset few = Bars.generate(new Bars.Params(8, 1.0 / 8, 100, 0, 42), Split.TRAIN);
        assertArrayEquals(few.imagesCopy(), Bars.generate(PARAMS, Split.TRAIN).limit(100).imagesCopy());
    }

    @Test
    void pixelsAreExactlyTheUnionOfTheBarsOnAndLabelsCountThem() {
        int k = 5;
        Bars.Params params = new Bars.Params(k, 0.3, 200, 0, 7);
        Dataset d = Bars.generate(params, Split.TRAIN);
        assertEquals(k, d.width());
        assertEquals(k, d.height());
        assertEquals(2 * k + 1, d.classes());
        for (int e = 0; e < d.size(); e++) {
            boolean[] on = Bars.barsOn(params, Split.TRAIN, e);
            int count = 0;
            for (boolean b : on) {
                count += b ? 1 : 0;
            }
            assertEquals(count, d.label(e));
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    assertEquals(on[r] || on[k + c] ? 1f : 0f, d.pixel(e, r * k + c), "example " + e + " pixel " + r + "," + c);
                }
            }
        }
    }

    @Test
    void barsAreOnIndependentlyWithProbabilityP() {
        int k = PARAMS.size();
        double p = PARAMS.probability();
        int n = PARAMS.trainCount();
        int[] perBar = new int[2 * k];
        int[][] pairs = new int[2 * k][2 * k];
        for (int e = 0; e < n; e++) {
            boolean[] on = Bars.barsOn(PARAMS, Split.TRAIN, e);
            for (int i = 0; i < 2 * k; i++) {
                perBar[i] += on[i] ? 1 : 0;
                for (int j = 0; j < 2 * k; j++) {
                    pairs[i][j] += on[i] && on[j] ? 1 : 0;
                }
            }
        }
        // Bounds at 5 standard deviations of the binomial counts.
        double sdBar = Math.sqrt(n * p * (1 - p));
        double sdPair = Math.sqrt(n * p * p * (1 - p * p));
        for (int i = 0; i < 2 * k; i++) {
            assertEquals(n * p, perBar[i], 5 * sdBar, "bar " + i);
            for (int j = 0; j < 2 * k; j++) {
                if (i != j) {
                    assertEquals(n * p * p, pairs[i][j], 5 * sdPair, "bars " + i + " and " + j);
                }
            }
        }
        Dataset d = Bars.generate(PARAMS, Split.TRAIN);
        double meanPixel = 0;
        double meanLabel = 0;
        for (int e = 0; e < n; e++) {
            meanLabel += d.label(e);
            for (int i = 0; i < d.pixels(); i++) {
                meanPixel += d.pixel(e, i);
            }
        }
        meanPixel /= (double) n * d.pixels();
        meanLabel /= n;
        // A pixel is on when its row or its column is: 1 - (1 - p)^2.
        assertEquals(1 - (1 - p) * (1 - p), meanPixel, 0.005);
        assertEquals(2 * k * p, meanLabel, 0.05);
    }

    @Test
    void extremesAndBadParameters() {
        Dataset none = Bars.generate(new Bars.Params(4, 0, 10, 0, 1), Split.TRAIN);
        for (float v : none.imagesCopy()) {
            assertEquals(0f, v);
        }
        Dataset all = Bars.generate(new Bars.Params(4, 1, 10, 0, 1), Split.TRAIN);
        for (float v : all.imagesCopy()) {
            assertEquals(1f, v);
        }
        assertEquals(8, all.label(3));
        assertThrows(IllegalArgumentException.class, () -> new Bars.Params(0, 0.1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Bars.Params(4, 1.5, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Bars.Params(4, Double.NaN, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Bars.Params(4, 0.1, -1, 1, 0));
    }
}
