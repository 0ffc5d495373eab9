package org.lamina.scenarios.data;

import org.junit.jupiter.api.Test;
import org.lamina.neurons.input.Split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The dataset value: shape checks, limit, copies that leave it unchanged. */
class DatasetTest {
    private static Dataset threeExamples() {
        return new Dataset("toy", Split.TRAIN, 2, 2, 3, new float[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23},
                new int[] {2, 0, 1});
    }

    @Test
    void shapeAndAccessors() {
        Dataset d = threeExamples();
        assertEquals(3, d.size());
        assertEquals(4, d.pixels());
        assertEquals(12f, d.pixel(1, 2));
        assertArrayEquals(new float[] {20, 21, 22, 23}, d.image(2));
        assertEquals("toy/train: 3 images of 2x2, 3 classes", d.toString());
    }

    @Test
    void limitKeepsTheFirstExamples() {
        Dataset d = threeExamples();
        Dataset two = d.limit(2);
        assertEquals(2, two.size());
        assertArrayEquals(new int[] {2, 0}, two.labels());
        assertArrayEquals(new float[] {0, 1, 2, 3, 10, 11, 12, 13}, two.imagesCopy());
        assertSame(d, d.limit(3));
        assertSame(d, d.limit(1000));
        assertEquals(0, d.limit(0).size());
        assertThrows(IllegalArgumentException.class, () -> d.limit(-1));
    }

    @Test
    void batchesAreCopiesInTheGivenOrder() {
        Dataset d = threeExamples();
        float[] batch = new float[8];
        d.copyBatch(new int[] {2, 0}, batch);
        assertArrayEquals(new float[] {20, 21, 22, 23, 0, 1, 2, 3}, batch);
        batch[0] = -1;
        d.image(0)[0] = -1;
        d.labels()[0] = -1;
        d.imagesCopy()[0] = -1;
        assertEquals(20f, d.pixel(2, 0));
        assertEquals(0f, d.pixel(0, 0));
        assertEquals(2, d.label(0));
    }

    @Test
    void refusesInconsistentShapesAndLabels() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", Split.TEST, 2, 2, 3, new float[7], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", Split.TEST, 2, 2, 3, new float[4], new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", Split.TEST, 2, 2, 3, new float[4], new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", Split.TEST, 0, 2, 3, new float[0], new int[0]));
    }

    @Test
    void splitNames() {
        assertEquals(Split.TRAIN, Split.parse("train"));
        assertEquals(Split.TEST, Split.parse(" TEST "));
        assertEquals("test", Split.TEST.label());
        assertThrows(IllegalArgumentException.class, () -> Split.parse("validation"));
    }
}
