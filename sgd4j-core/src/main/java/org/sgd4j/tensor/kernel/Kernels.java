package org.sgd4j.tensor.kernel;

/**
 * The hot numerical loops behind the tensor ops, on float arrays: one interface, chosen once at start-up by
 * {@link VectorizationProvider} (the scalar Java implementation everywhere; a SIMD one on the Vector API
 * when the JVM has it).
 *
 * <p>All matrices are row-major slices of float arrays: element {@code (i, j)} of a matrix with leading
 * dimension {@code ld} sits at {@code off + i * ld + j}. Every kernel keeps the reproducibility contract
 * of {@code docs/architecture.md}: the same bits for the same thread count and kernel choice.
 */
public interface Kernels {

  /**
   * SGEMM, as BLAS defines it but row-major: {@code C = alpha * op(A) * op(B) + beta * C}, where
   * {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, {@code C} is {@code m x n}, and
   * {@code op(X)} is {@code X} or its transpose. When {@code beta == 0}, C is not read (NaNs in it do
   * not propagate), and when {@code alpha == 0} or {@code k == 0}, A and B are not read, as in BLAS.
   * Results depend only on the inputs and the implementation (scalar or SIMD), never on the thread
   * count ({@link Parallel#threads()}) or on scheduling: each element of C is summed in the same order
   * whichever thread computes it.
   *
   * @throws IllegalArgumentException if a size is negative or a leading dimension is shorter than a row
   * @throws IndexOutOfBoundsException if a matrix does not fit in its array at its offset
   */
  void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
             float beta, float[] c, int cOff, int ldc);

  /**
   * A fully connected layer's forward, {@code C = bias + A Bᵀ} ({@code torch.nn.functional.linear}):
   * A is {@code m x k} at {@code aOff}, B is {@code n x k} at {@code bOff} (a weight, one row per output),
   * both row-major and dense, C is {@code m x n} dense at {@code cOff}, and {@code bias} holds {@code n}
   * values from {@code biasOff} added to every row (or is null); with {@code k = 0} every row is the bias
   * (zeros without one), as {@code torch.nn.functional.linear} gives. The bits are those of copying the bias
   * into every row of C and then {@code sgemm(false, true, ..., beta = 1)} (with {@code beta = 0} and no
   * copy when there is no bias), which is what this default does; an implementation may get them
   * without the copy.
   */
  default void linear(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                      float[] c, int cOff) {
    if (bias != null) {
      for (int i = 0; i < m; i++) {
        System.arraycopy(bias, biasOff, c, cOff + i * n, n);
      }
    }
    // Leading dimensions of at least 1, as sgemm asks, for empty rows (k = 0 or n = 0).
    int ld = Math.max(1, k);
    sgemm(false, true, m, n, k, 1f, a, aOff, ld, b, bOff, ld, bias == null ? 0f : 1f, c, cOff, Math.max(1, n));
  }

  /** A short name for logs and benchmark reports: {@code "scalar"} or {@code "vector"}. */
  String name();

  /**
   * The register tile of the SGEMM micro-kernel, rows by columns: {@code "4x4"} for the scalar kernels
   * (floats), {@code "8x2"} for 8 rows by 2 vectors of the SIMD width (see {@link VectorizationProvider}).
   */
  String tile();

  /** The implementation chosen for this JVM: {@link VectorizationProvider#kernels()}. */
  static Kernels get() {
    return VectorizationProvider.get().kernels();
  }
}
