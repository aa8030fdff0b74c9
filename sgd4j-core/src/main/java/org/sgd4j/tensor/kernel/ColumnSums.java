package org.sgd4j.tensor.kernel;

/**
 * The column sums of a dense row-major {@code rows x cols} block, {@code out[j] = Σ_r x[r][j]} (or their
 * mean): {@code Tensor.sum(0)} of a matrix, and a linear layer's bias gradient {@code db = Σ_rows g}.
 * Each column is summed in row order in double precision and rounded to float once, so the result does
 * not depend on how the columns are cut into {@link ElementSplit} ranges for the kernel threads.
 */
public final class ColumnSums {
  /**
   * Columns up to which a thread keeps its accumulators and row copy from call to call (a layer's bias
   * gradient at every step would otherwise allocate them each time); wider sums allocate their own, so
   * that one huge sum does not leave its buffers held by the thread.
   */
  static final int REUSED_MAX = 1 << 16;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** One thread's accumulators and row copy, grown as needed up to {@link #REUSED_MAX} columns. */
  private static final class Scratch {
    double[] acc = new double[0];
    float[] row = new float[0];
  }

  private ColumnSums() {}

  /**
   * Writes the sums (or, with {@code mean}, the sums over {@code rows}) of the {@code cols} columns of the
   * block at {@code x[off]} (row r at {@code off + r * cols}) into {@code out[outOff ...]}.
   */
  public static void sum(float[] x, int off, int rows, int cols, boolean mean, float[] out, int outOff) {
    ElementSplit.runRows(cols, rows, (c0, c1) -> {
      int len = c1 - c0;
      double[] acc;
      float[] row;
      if (len <= REUSED_MAX) {
        Scratch scratch = SCRATCH.get();
        if (scratch.acc.length < len) {
          scratch.acc = new double[len];
          scratch.row = new float[len];
        }
        acc = scratch.acc;
        row = scratch.row;
        java.util.Arrays.fill(acc, 0, len, 0.0);
      } else {
        acc = new double[len];
        row = new float[len];
      }
      // Each row's slice is copied first so that the float-to-double adds run over two plain arrays,
      // a loop C2 vectorises.
      for (int r = 0; r < rows; r++) {
        System.arraycopy(x, off + r * cols + c0, row, 0, len);
        addTo(acc, row, len);
      }
      for (int j = 0; j < len; j++) {
        out[outOff + c0 + j] = mean ? (float) (acc[j] / rows) : (float) acc[j];
      }
    });
  }

  private static void addTo(double[] acc, float[] row, int len) {
    for (int j = 0; j < len; j++) {
      acc[j] += row[j];
    }
  }
}
