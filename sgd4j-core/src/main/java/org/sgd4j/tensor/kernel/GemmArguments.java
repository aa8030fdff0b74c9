package org.sgd4j.tensor.kernel;

/** Checks the arguments of {@link Kernels#sgemm} and names the bad one, instead of failing deep in a loop. */
final class GemmArguments {
  private GemmArguments() {}

  static void check(boolean transA, boolean transB, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
    }
    // op(A) is m x k: A is stored k x m when transposed; likewise B.
    boolean readsAB = k > 0 && alpha != 0f;
    matrix("A", a, aOff, lda, transA ? k : m, transA ? m : k, readsAB && m > 0 && n > 0);
    matrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n, readsAB && m > 0 && n > 0);
    matrix("C", c, cOff, ldc, m, n, m > 0 && n > 0);
  }

  private static void matrix(String name, float[] x, int off, int ld, int rows, int cols, boolean used) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld + " but its rows have "
          + cols + " elements (" + rows + "x" + cols + " stored row-major)");
    }
    if (!used) {
      return;
    }
    if (x == null) {
      throw new NullPointerException("sgemm: " + name + " is null");
    }
    long last = (long) off + (long) (rows - 1) * ld + cols - 1;
    if (off < 0 || last >= x.length) {
      throw new IndexOutOfBoundsException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off
          + ", leading dimension " + ld + ") needs elements up to index " + last + " but its array has length " + x.length);
    }
  }
}
