package org.sgd4j.tensor;

/**
 * The hot numerical loops behind {@link Tensor}: one interface, chosen once at start-up (the scalar
 * Java implementation everywhere; a SIMD one on the Vector API when the JVM has it), as Lucene's
 * {@code VectorizationProvider} does.
 *
 * <p>All matrices are row-major slices of float arrays: element {@code (i, j)} of a matrix with leading
 * dimension {@code ld} sits at {@code off + i * ld + j}.
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

  /** A short name for logs and benchmark reports, e.g. {@code "scalar"}. */
  String name();

  /** The implementation chosen for this JVM. */
  static Kernels get() {
    return KernelProvider.INSTANCE;
  }
}
