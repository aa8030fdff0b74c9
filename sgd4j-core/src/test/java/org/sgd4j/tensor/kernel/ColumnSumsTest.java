package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * ColumnSums: exact sums and means through the provider's loop, the scalar loop's accumulators from the thread's
 * ArrayPool (fresh, reused, and too short to be pooled), and the SIMD loop's bits against the scalar loop's
 * (in the SIMD executions, at 16 and 8 lanes).
 */
class ColumnSumsTest {

  /** Row r, column j holds r + 1 + j % 7: every sum and mean is exact in float. */
  private static float[] block(int rows, int cols) {
    float[] x = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        x[r * cols + j] = r + 1 + j % 7;
      }
    }
    return x;
  }

  private static void assertSums(int rows, int cols, boolean mean) {
    float[] out = new float[cols + 2];
    out[0] = 99f;
    out[cols + 1] = 99f;
    ColumnSums.sum(block(rows, cols), 0, rows, cols, mean, out, 1);
    for (int j = 0; j < cols; j++) {
      float sum = rows * (rows + 1) / 2f + rows * (j % 7);
      assertThat(out[1 + j]).as("%d x %d column %d, mean %s", rows, cols, j, mean).isEqualTo(mean ? sum / rows : sum);
    }
    assertThat(out[0]).isEqualTo(99f);
    assertThat(out[cols + 1]).isEqualTo(99f);
  }

  /** The scalar loop's accumulators and row copy go back to the thread's pool, and the next sum takes them again. */
  @Test
  void theScalarLoopsBuffersComeFromAndGoBackToTheThreadsPool() {
    ArrayPool.clear();
    float[] x = block(3, 4_000);
    float[] out = new float[4_000];
    ColumnSums.scalar(x, 0, 3, 4_000, 0, 4_000, false, out, 0);
    assertThat(out[8]).isEqualTo(6f + 3 * 1);
    assertThat(ArrayPool.retained()).as("4,000 doubles and 4,000 floats kept").isEqualTo(8_000);
    ColumnSums.scalar(x, 0, 2, 4_000, 0, 4_000, true, out, 0);
    assertThat(out[8]).isEqualTo(1.5f + 1);
    assertThat(ArrayPool.retained()).as("taken again and given back").isEqualTo(8_000);
    ArrayPool.clear();
  }

  /**
   * The SIMD loop gives the scalar loop's bits on every column range of ragged widths (strips of four vectors,
   * of one, and the scalar rest), sums and means, at magnitudes whose float sums would round differently, with
   * infinities, NaN and −0 among them; nothing outside the range is written.
   */
  @Test
  void vectorSumsMatchTheScalarOnes() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    Rng rng = new Rng(7);
    int w = VectorGemm.W / 2;
    int[] widths = {1, w - 1, w, 4 * w, 5 * w + 3, 9 * w + w - 1};
    for (int rows : new int[] {1, 3, 64}) {
      for (int cols : widths) {
        float[] x = new float[5 + rows * cols];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (rng.nextGaussian() * Math.pow(10, (i % 9) - 4));
        }
        x[5 + cols / 2] = -0f;
        if (rows > 1 && cols > 2) {
          x[5 + cols + 1] = Float.POSITIVE_INFINITY;
          x[5 + 2] = Float.NaN;
          x[5 + cols - 1] = 3e38f;
          x[5 + 2 * cols - 1] = 3e38f;
        }
        for (boolean mean : new boolean[] {false, true}) {
          for (int[] range : new int[][] {{0, cols}, {cols / 3, cols}, {1 % cols, Math.max(1, cols - 1)}}) {
            float[] want = new float[cols + 4];
            float[] got = new float[cols + 4];
            java.util.Arrays.fill(want, 42f);
            java.util.Arrays.fill(got, 42f);
            ColumnSums.scalar(x, 5, rows, cols, range[0], range[1], mean, want, 2);
            VectorColumnSums.sums(x, 5, rows, cols, range[0], range[1], mean, got, 2);
            for (int j = 0; j < want.length; j++) {
              assertThat(Float.floatToRawIntBits(got[j])).as("%d x %d, columns %d..%d, mean %s, at %d", rows, cols,
                  range[0], range[1], mean, j).isEqualTo(Float.floatToRawIntBits(want[j]));
            }
          }
        }
      }
    }
  }

  @Test
  void sumsAndMeansOfNarrowAndWideBlocksOneAfterAnother() {
    for (int threads : new int[] {1, 2}) {
      try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
        // Narrow (too short to be pooled), then wider, then each width again (a reused accumulator must
        // start from zero), then a wide block, then narrow once more.
        assertSums(4, 10, false);
        assertSums(3, 4_000, false);
        assertSums(4, 10, true);
        assertSums(3, 4_000, true);
        assertSums(3, 70_005, false);
        assertSums(2, 70_005, true);
        assertSums(5, 513, false);
      }
    }
  }
}
