package org.lamina.kernels.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lamina.kernels.backend.OpenClTestSupport;
import org.lamina.kernels.parallel.ParallelLoop;

/**
 * Every backend against the reference on random shapes from a fixed seed (including 1-row,
 * 1-example and sizes that are not multiples of the vector width). Bound: float32 accumulation
 * in any order stays within {@code 1e-5 · sum_c |w_rc v_bc|} of the double-precision reference.
 */
abstract class MatrixProductContractTest {
    static final double RELATIVE_BOUND = 1e-5;

    abstract MatrixProduct create();

    record Shape(int rows, int cols, int batch) {
    }

    static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>(List.of(new Shape(1, 1, 1), new Shape(1, 784, 1), new Shape(2000, 784, 3),
                new Shape(7, 17, 5), new Shape(5, 16, 1), new Shape(3, 15, 2), new Shape(100, 33, 100),
                new Shape(13, 40, 64), new Shape(13, 40, 65), new Shape(13, 40, 80), new Shape(13, 40, 81)));
        Random r = new Random(42);
        for (int i = 0; i < 12; i++) {
            s.add(new Shape(1 + r.nextInt(300), 1 + r.nextInt(200), 1 + r.nextInt(40)));
        }
        return s;
    }

    void checkAgainstReference(MatrixProduct product) {
        Random r = new Random(7);
        ReferenceMatrixProduct reference = new ReferenceMatrixProduct();
        for (Shape s : shapes()) {
            float[] w = new float[s.rows() * s.cols()];
            float[] v = new float[s.batch() * s.cols()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat();
            }
            float[] expected = new float[s.batch() * s.rows()];
            float[] actual = new float[s.batch() * s.rows()];
            java.util.Arrays.fill(actual, Float.NaN); // every element must be written
            reference.multiply(w, s.rows(), s.cols(), v, s.batch(), expected);
            product.multiply(w, s.rows(), s.cols(), v, s.batch(), actual);
            for (int b = 0; b < s.batch(); b++) {
                for (int row = 0; row < s.rows(); row++) {
                    double scale = 0;
                    for (int c = 0; c < s.cols(); c++) {
                        scale += Math.abs((double) w[row * s.cols() + c] * v[b * s.cols() + c]);
                    }
                    int o = b * s.rows() + row;
                    assertEquals(expected[o], actual[o], RELATIVE_BOUND * scale + 1e-30,
                            s + " at example " + b + ", row " + row);
                }
            }
        }
    }

    @Test
    void matchesTheReferenceOnRandomShapes() {
        try (MatrixProduct p = create()) {
            checkAgainstReference(p);
        }
    }
}

class JavaMatrixProductTest extends MatrixProductContractTest {
    @Override
    MatrixProduct create() {
        return new JavaMatrixProduct();
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Random r = new Random(3);
        float[] w = new float[301 * 97];
        float[] v = new float[13 * 97];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        float[] one = new float[13 * 301];
        float[] four = new float[13 * 301];
        new JavaMatrixProduct(new ParallelLoop(1)).multiply(w, 301, 97, v, 13, one);
        new JavaMatrixProduct(new ParallelLoop(4)).multiply(w, 301, 97, v, 13, four);
        org.junit.jupiter.api.Assertions.assertArrayEquals(one, four);
    }
}

class PackedMatrixProductTest extends MatrixProductContractTest {
    @Override
    MatrixProduct create() {
        return new PackedMatrixProduct(ParallelLoop.shared());
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        Random r = new Random(5);
        float[] w = new float[301 * 97];
        float[] v = new float[37 * 97];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        float[] one = new float[37 * 301];
        float[] four = new float[37 * 301];
        new PackedMatrixProduct(new ParallelLoop(1)).multiply(w, 301, 97, v, 37, one);
        new PackedMatrixProduct(new ParallelLoop(4)).multiply(w, 301, 97, v, 37, four);
        org.junit.jupiter.api.Assertions.assertArrayEquals(one, four);
    }
}

class JavaMatrixProductOtherTileTest extends MatrixProductContractTest {
    /** The row tile this machine does not pick by default (used for small batches), so both are checked everywhere. */
    @Override
    MatrixProduct create() {
        JavaMatrixProduct.Tile other = JavaMatrixProduct.Tile.forThisMachine() == JavaMatrixProduct.Tile.ROWS4_EXAMPLES4
                ? JavaMatrixProduct.Tile.ROWS4_EXAMPLES2 : JavaMatrixProduct.Tile.ROWS4_EXAMPLES4;
        return new JavaMatrixProduct(ParallelLoop.shared(), other);
    }
}

@Tag("opencl")
class OpenClMatrixProductTest extends MatrixProductContractTest {
    @Override
    MatrixProduct create() {
        return new OpenClMatrixProduct(OpenClTestSupport.device());
    }

    @Test
    void reallyRunsAsOpenCl() {
        try (OpenClMatrixProduct p = new OpenClMatrixProduct(OpenClTestSupport.device())) {
            float[] out = new float[2];
            p.multiply(new float[] {1, 2, 3, 4}, 2, 2, new float[] {1, 1}, 1, out);
            assertTrue(p.isRunningCL(), "the kernel must run as OpenCL, not as a Java-thread fallback");
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {3, 7}, out);
        }
    }
}
