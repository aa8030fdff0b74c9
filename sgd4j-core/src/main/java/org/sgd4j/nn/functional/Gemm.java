package org.sgd4j.nn.functional;

import org.sgd4j.tensor.Kernels;

/**
 * {@link Kernels#sgemm} for the layers, with a transposed right operand first copied to row-major:
 * the portable scalar kernel reads op(B) = Bᵀ with a stride in its inner loop, which is several times
 * slower than the copy (O(k·n)) is against the product (O(m·k·n)).
 */
final class Gemm {
  private Gemm() {}

  /** C = alpha·op(A)·op(B) + beta·C, row-major, as {@link Kernels#sgemm}. */
  static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    if (transB && m > 1) {
      // B is stored n x k (leading dimension ldb); write its transpose as k x n.
      float[] bt = new float[k * n];
      for (int j = 0; j < n; j++) {
        int row = bOff + j * ldb;
        for (int p = 0; p < k; p++) {
          bt[p * n + j] = b[row + p];
        }
      }
      Kernels.get().sgemm(transA, false, m, n, k, alpha, a, aOff, lda, bt, 0, n, beta, c, cOff, ldc);
    } else {
      Kernels.get().sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
  }
}
