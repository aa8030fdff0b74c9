package org.sgd4j.tensor.kernel;

/**
 * The column sums of a dense row-major {@code rows x cols} block, {@code out[j] = Σ_r x[r][j]} (or their
 * mean): {@code Tensor.sum(0)} of a matrix, and a linear layer's bias gradient {@code db = Σ_rows g}.
 * Each column is summed in row order in double precision and rounded to float once, so the result does
 * not depend on how the columns are cut into {@link ElementSplit} ranges for the kernel threads. The loop is
 * the provider's ({@link VectorizationProvider#columnSums}): the same bits from each.
 */
public final class ColumnSums {
  private ColumnSums() {}

  /**
   * Writes the sums (or, with {@code mean}, the sums over {@code rows}) of the {@code cols} columns of the
   * block at {@code x[off]} (row r at {@code off + r * cols}) into {@code out[outOff ...]}.
   */
  public static void sum(float[] x, int off, int rows, int cols, boolean mean, float[] out, int outOff) {
    VectorizationProvider simd = VectorizationProvider.get();
    ElementSplit.runRows(cols, rows, (c0, c1) -> simd.columnSums(x, off, rows, cols, c0, c1, mean, out, outOff));
  }

  /**
   * Columns {@code [c0, c1)} of {@link #sum}, on the scalar path: {@code out[outOff + j]} for j in that range.
   */
  static void scalar(float[] x, int off, int rows, int cols, int c0, int c1, boolean mean, float[] out, int outOff) {
    int len = c1 - c0;
    // The accumulators and the row copy come from this thread's pool, so a layer's bias gradient
    // allocates nothing per step.
    double[] acc = ArrayPool.takeDoubles(len);
    float[] row = ArrayPool.scratch(len);
    java.util.Arrays.fill(acc, 0.0);
    // Each row's slice is copied first so that the float-to-double adds run over two plain arrays,
    // a loop C2 vectorises.
    for (int r = 0; r < rows; r++) {
      System.arraycopy(x, off + r * cols + c0, row, 0, len);
      addTo(acc, row, len);
    }
    for (int j = 0; j < len; j++) {
      out[outOff + c0 + j] = mean ? (float) (acc[j] / rows) : (float) acc[j];
    }
    ArrayPool.giveDoubles(acc);
    ArrayPool.giveBack(row);
  }

  private static void addTo(double[] acc, float[] row, int len) {
    for (int j = 0; j < len; j++) {
      acc[j] += row[j];
    }
  }
}
