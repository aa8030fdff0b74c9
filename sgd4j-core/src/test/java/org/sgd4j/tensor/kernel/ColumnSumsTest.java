package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ColumnSums over its two kinds of buffers: a thread's reused ones and, past REUSED_MAX columns, fresh ones. */
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

  @Test
  void sumsAndMeansOfNarrowAndWideBlocksOneAfterAnother() {
    for (int threads : new int[] {1, 2}) {
      try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
        // Narrow, then wider (the reused buffers grow), then narrow again (they must start from zero),
        // then past REUSED_MAX (buffers of its own), then narrow once more.
        assertSums(4, 10, false);
        assertSums(3, 4_000, false);
        assertSums(4, 10, true);
        assertSums(3, ColumnSums.REUSED_MAX + 5, false);
        assertSums(2, ColumnSums.REUSED_MAX + 5, true);
        assertSums(5, 513, false);
      }
    }
  }
}
