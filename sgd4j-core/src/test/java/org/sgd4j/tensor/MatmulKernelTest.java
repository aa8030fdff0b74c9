package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.sgd4j.tensor.kernel.Kernels;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#matmul} hands transposed and sliced views to {@link Kernels#sgemm} as transposition
 * flags, offsets and leading dimensions; its answers must match a double-precision reference.
 */
class MatmulKernelTest {

  @Test
  void transposedViewsMultiplyCorrectly() {
    Rng rng = new Rng(3);
    for (int[] s : new int[][] {{5, 7, 3}, {33, 70, 19}, {64, 300, 40}}) {
      int m = s[0], k = s[1], n = s[2];
      Tensor a = Tensor.randn(rng, m, k);
      Tensor b = Tensor.randn(rng, k, n);
      Tensor aT = Tensor.randn(rng, k, m);
      Tensor bT = Tensor.randn(rng, n, k);
      assertClose(a.matmul(b), a, b);
      assertClose(aT.mT().matmul(b), aT.mT(), b);
      assertClose(a.matmul(bT.mT()), a, bT.mT());
      assertClose(aT.mT().matmul(bT.mT()), aT.mT(), bT.mT());
    }
  }

  @Test
  void slicedAndBatchedViewsMultiplyCorrectly() {
    Rng rng = new Rng(4);
    Tensor big = Tensor.randn(rng, 40, 50);
    Tensor a = big.narrow(0, 3, 17).narrow(1, 5, 21);       // 17 x 21, leading dimension 50, offset
    Tensor b = big.narrow(0, 10, 21).narrow(1, 20, 13);     // 21 x 13
    assertClose(a.matmul(b), a, b);
    assertClose(b.mT().matmul(a.mT()), b.mT(), a.mT());
    Tensor batch = Tensor.randn(rng, 3, 9, 11);
    Tensor w = Tensor.randn(rng, 11, 6);
    Tensor out = batch.matmul(w);
    for (int i = 0; i < 3; i++) {
      Tensor slice = batch.narrow(0, i, 1).reshape(9, 11);
      Tensor want = out.narrow(0, i, 1).reshape(9, 6);
      assertClose(want, slice, w);
    }
  }

  private static void assertClose(Tensor got, Tensor a, Tensor b) {
    int m = a.shape()[0], k = a.shape()[1], n = b.shape()[1];
    assertThat(got.shape()).containsExactly(m, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double x = (double) a.get(i, p) * b.get(p, j);
          ref += x;
          abs += Math.abs(x);
        }
        assertThat((double) got.get(i, j)).as("[%d, %d] of %dx%dx%d", i, j, m, k, n)
            .isCloseTo(ref, org.assertj.core.data.Offset.offset((k + 2) * 0x1p-24 * abs + 1e-30));
      }
    }
  }
}
