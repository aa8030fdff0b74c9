package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ColumnSums with its accumulators from the thread's ArrayPool: fresh, reused, and too short to be pooled. */
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

  /** A sum's accumulators and row copy go back to the thread's pool, and the next sum takes them again. */
  @Test
  void theBuffersComeFromAndGoBackToTheThreadsPool() {
    try (Parallel.Limit limit = Parallel.limitThisThread(1)) {
      ArrayPool.clear();
      assertSums(3, 4_000, false);
      assertThat(ArrayPool.retained()).as("4,000 doubles and 4,000 floats kept").isEqualTo(8_000);
      assertSums(2, 4_000, true);
      assertThat(ArrayPool.retained()).as("taken again and given back").isEqualTo(8_000);
      ArrayPool.clear();
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
