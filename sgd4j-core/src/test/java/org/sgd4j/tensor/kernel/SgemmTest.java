package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.tensor.Rng;

/**
 * Every SGEMM implementation against a double-precision naive reference, with the rigorous float error
 * bound {@code |c - ref| <= gamma * (|alpha| * sum_p |a_ip * b_pj| + |beta * c0_ij|)}, {@code gamma =
 * (k + 2) * 2^-24} (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., sec. 3.5), on
 * shapes that hit the tile edges and the block edges of both micro-kernels, all four transposition
 * combinations, several alpha/beta values, offsets and padded leading dimensions. The implementations
 * are the scalar kernels and the one {@link Kernels#get()} chose (the Vector API one in the SIMD
 * surefire run).
 */
class SgemmTest {
  private static final float PAD = 12345f;

  static Stream<Kernels> kernels() {
    return Stream.of(new ScalarKernels(), Kernels.get());
  }

  /** Sizes around the tiles (4x4 scalar; 4x32 or 4x16 SIMD), the blocks (MC 128/192, KC 256, NC 2048) and 1. */
  private static final int[][] SHAPES = {
      {1, 1, 1}, {1, 1, 7}, {2, 3, 1}, {1, 17, 5}, {17, 1, 5}, {5, 7, 3}, {4, 4, 4}, {6, 16, 8},
      {7, 17, 9}, {12, 32, 16}, {5, 65, 13}, {8, 64, 2}, {13, 33, 31}, {25, 15, 40}, {31, 47, 65}, {64, 64, 64}, {61, 35, 257},
      {130, 20, 30}, {200, 40, 20}, {9, 2100, 3}, {3, 45, 600}, {97, 101, 103}};

  private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {2.5f, -1.5f}};

  @ParameterizedTest
  @MethodSource("kernels")
  void matchesDoubleReferenceOnManyShapesTranspositionsAndScalars(Kernels kernels) {
    Rng rng = new Rng(7);
    for (int[] s : SHAPES) {
      for (int t = 0; t < 4; t++) {
        float[] ab = ALPHA_BETA[(t + s[0]) % ALPHA_BETA.length];
        check(kernels, rng, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1], 0, 0);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void allAlphaBetaCombinationsOnOneOddShape(Kernels kernels) {
    Rng rng = new Rng(8);
    for (float[] ab : ALPHA_BETA) {
      for (int t = 0; t < 4; t++) {
        check(kernels, rng, (t & 1) != 0, (t & 2) != 0, 23, 37, 29, ab[0], ab[1], 0, 0);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void honoursOffsetsAndPaddedLeadingDimensionsAndLeavesTheRestUntouched(Kernels kernels) {
    Rng rng = new Rng(9);
    int[][] shapes = {{3, 5, 7}, {19, 33, 11}, {70, 45, 300}};
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        check(kernels, rng, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1.5f, 0.5f, 5, 3);
        check(kernels, rng, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f, 11, 7);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void betaZeroDoesNotReadC(Kernels kernels) {
    for (int[] s : new int[][] {{3, 3, 3}, {37, 41, 43}, {100, 90, 80}}) {
      int m = s[0], n = s[1], k = s[2];
      float[] a = filled(m * k, 1f);
      float[] b = filled(k * n, 2f);
      float[] c = filled(m * n, Float.NaN);
      kernels.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
      for (float x : c) {
        assertThat(x).isEqualTo(2f * k);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void emptyInnerDimensionScalesC(Kernels kernels) {
    float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
    kernels.sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 2f, c, 0, 3);
    assertThat(c).containsExactly(2f, 4f, 6f, 8f, 10f, 12f);
    float[] nan = filled(6, Float.NaN);
    kernels.sgemm(true, true, 2, 3, 0, 1f, new float[0], 0, 2, new float[0], 0, 1, 0f, nan, 0, 3);
    assertThat(nan).containsOnly(0f);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void alphaZeroDoesNotReadAOrB(Kernels kernels) {
    float[] a = filled(20 * 20, Float.NaN);
    float[] c = filled(20 * 20, 3f);
    kernels.sgemm(false, false, 20, 20, 20, 0f, a, 0, 20, a, 0, 20, 0.5f, c, 0, 20);
    assertThat(c).containsOnly(1.5f);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void emptyOutputTouchesNothing(Kernels kernels) {
    float[] c = {7f};
    kernels.sgemm(false, false, 0, 5, 3, 1f, new float[0], 0, 3, filled(15, 1f), 0, 5, 0f, c, 0, 5);
    kernels.sgemm(false, false, 4, 0, 3, 1f, filled(12, 1f), 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
    assertThat(c).containsExactly(7f);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void splitProductsMatchTheReference(Kernels kernels) {
    Rng rng = new Rng(11);
    int saved = Parallel.threads();
    try {
      Parallel.setThreads(3);
      // Split by columns (n >= m) and by rows (m > n), with offsets and padded leading dimensions.
      for (int t = 0; t < 4; t++) {
        check(kernels, rng, (t & 1) != 0, (t & 2) != 0, 150, 170, 130, 1f, 0f, 3, 5);
        check(kernels, rng, (t & 1) != 0, (t & 2) != 0, 300, 40, 300, -0.5f, 1.5f, 0, 0);
        // Few rows: B is read in place (not packed) when not transposed.
        check(kernels, rng, (t & 1) != 0, (t & 2) != 0, 16, 700, 300, 2f, 0.5f, 2, 3);
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void aTransposedRightOperandGivesTheSameBitsAsItsTransposedCopy(Kernels kernels) {
    // x·Wᵀ with a short x runs as (W·xᵀ)ᵀ; every element must still be the same sum in the same order.
    Rng rng = new Rng(11);
    int[][] shapes = {{16, 512, 784}, {4, 120, 576}, {64, 84, 120}, {5, 70, 300}};
    for (int[] s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      float[] x = random(rng, m * k);
      float[] w = random(rng, n * k);
      float[] wt = new float[k * n];
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < k; p++) {
          wt[p * n + j] = w[j * k + p];
        }
      }
      for (float beta : new float[] {0f, 1f}) {
        float[] c0 = random(rng, m * n);
        float[] viaT = c0.clone();
        float[] viaCopy = c0.clone();
        kernels.sgemm(false, true, m, n, k, 1f, x, 0, k, w, 0, k, beta, viaT, 0, n);
        kernels.sgemm(false, false, m, n, k, 1f, x, 0, k, wt, 0, n, beta, viaCopy, 0, n);
        assertThat(bits(viaT)).as("%s %dx%dx%d beta %s", kernels.name(), m, n, k, beta).isEqualTo(bits(viaCopy));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void narrowProductsGiveTheSameBitsAsTheColumnsOfAWideOne(Kernels kernels) {
    // Products with at most one vector of columns use another tile (8 x W in the SIMD kernels); each
    // element must still be the same sum in the same order as in a wide product.
    Rng rng = new Rng(12);
    int[][] shapes = {{512, 16, 784}, {37, 9, 300}, {8, 1, 600}, {200, 16, 16}, {16, 16, 512}};
    for (int[] s : shapes) {
      int m = s[0], nNarrow = s[1], k = s[2], n = 40;
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        for (float beta : new float[] {0f, 1f}) {
          float[] c0 = random(rng, m * n);
          float[] wide = c0.clone();
          kernels.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, wide, 0, n);
          float[] narrow = c0.clone();
          kernels.sgemm(ta, tb, m, nNarrow, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, narrow, 0, n);
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              float expected = j < nNarrow ? wide[i * n + j] : c0[i * n + j];
              assertThat(Float.floatToRawIntBits(narrow[i * n + j]))
                  .as("%s %dx%dx%d trans %s/%s beta %s at (%d, %d)", kernels.name(), m, nNarrow, k, ta, tb, beta, i, j)
                  .isEqualTo(Float.floatToRawIntBits(expected));
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void sameBitsOnRepeatedRunsAndAcrossThreadCounts(Kernels kernels) {
    Rng rng = new Rng(10);
    // Large enough to be split: one splits C by columns, the other by rows (more rows than columns).
    int[][] shapes = {{150, 170, 130}, {300, 40, 300}, {64, 512, 100}, {16, 700, 300}};
    int saved = Parallel.threads();
    try {
      for (int[] s : shapes) {
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
          int m = s[0], n = s[1], k = s[2];
          float[] a = random(rng, m * k);
          float[] b = random(rng, k * n);
          float[] c0 = random(rng, m * n);
          float[] first = null;
          for (int threads : new int[] {1, 2, 3, 1, 3}) {
            Parallel.setThreads(threads);
            float[] c = c0.clone();
            kernels.sgemm(ta, tb, m, n, k, 0.75f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.25f, c, 0, n);
            if (first == null) {
              first = c;
            } else {
              assertThat(bits(c)).as("%s %dx%dx%d trans %s/%s with %d threads", kernels.name(), m, n, k, ta, tb, threads)
                  .isEqualTo(bits(first));
            }
          }
        }
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void badArgumentsAreNamed(Kernels kernels) {
    float[] x = new float[12];
    assertThatThrownBy(() -> kernels.sgemm(false, false, -1, 3, 4, 1f, x, 0, 4, x, 0, 3, 0f, x, 0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=-1");
    assertThatThrownBy(() -> kernels.sgemm(false, false, 3, 3, 4, 1f, x, 0, 3, x, 0, 3, 0f, x, 0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension of A is 3");
    assertThatThrownBy(() -> kernels.sgemm(false, true, 3, 3, 4, 1f, x, 0, 4, x, 0, 3, 0f, x, 0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension of B is 3");
    assertThatThrownBy(() -> kernels.sgemm(false, false, 3, 3, 4, 1f, x, 0, 4, x, 0, 3, 0f, x, 4, 3))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("C (3x3, offset 4")
        .hasMessageContaining("length 12");
    assertThatThrownBy(() -> kernels.sgemm(false, false, 3, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, new float[12], 0, 4))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("B (4x4");
  }

  /** Runs one product on matrices embedded at {@code off} in arrays with rows {@code pad} longer than needed. */
  /**
   * {@code linear} (C = bias + A Bᵀ) has the bits of its definition, copying the bias into the rows of
   * C and then {@code sgemm(false, true, ..., beta = 1)}, or {@code beta = 0} without a bias, on shapes
   * that take the swapped path (short A, wide C) and shapes that do not, at 1 to 3 threads: a bias written
   * by each part of a columns-only split (256 x 512 at two threads), of a grid (at three threads, and
   * 300 x 200 with three k-blocks), by the narrow driver (10 columns) and with nothing to multiply (k = 0).
   */
  @ParameterizedTest
  @MethodSource("kernels")
  void linearHasTheBitsOfBiasRowsThenSgemm(Kernels kernels) {
    int[][] shapes = {{1, 300, 20}, {16, 512, 784}, {64, 512, 512}, {64, 10, 512}, {65, 70, 30}, {3, 2, 1}, {2, 40, 300},
        {256, 512, 300}, {300, 200, 600}, {256, 10, 512}, {70, 80, 0}};
    Rng rng = new Rng(31);
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = new float[m * k];
      float[] b = new float[n * k];
      float[] bias = new float[n + 3];
      for (float[] x : new float[][] {a, b, bias}) {
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) rng.nextGaussian();
        }
      }
      float[] expected = new float[m * n];
      for (int i = 0; i < m; i++) {
        System.arraycopy(bias, 3, expected, i * n, n);
      }
      int ld = Math.max(1, k);
      kernels.sgemm(false, true, m, n, k, 1f, a, 0, ld, b, 0, ld, 1f, expected, 0, n);
      float[] plain = new float[m * n];
      kernels.sgemm(false, true, m, n, k, 1f, a, 0, ld, b, 0, ld, 0f, plain, 0, n);
      for (int threads = 1; threads <= 3; threads++) {
        try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
          float[] c = new float[m * n + 2];
          Arrays.fill(c, Float.NaN);
          kernels.linear(m, n, k, a, 0, b, 0, bias, 3, c, 2);
          assertThat(Arrays.copyOfRange(c, 2, c.length)).as("%s with bias, %d threads", Arrays.toString(s), threads)
              .usingElementComparator(SgemmTest::compareBits).containsExactly(boxed(expected));
          assertThat(c[0]).isNaN();
          float[] d = new float[m * n];
          Arrays.fill(d, Float.NaN);
          kernels.linear(m, n, k, a, 0, b, 0, null, 0, d, 0);
          assertThat(d).as("%s without bias", Arrays.toString(s)).usingElementComparator(SgemmTest::compareBits)
              .containsExactly(boxed(plain));
        }
      }
    }
    assertThatThrownBy(() -> kernels.linear(16, 512, 784, new float[16 * 784], 0, new float[512 * 784], 0,
        new float[500], 0, new float[16 * 512], 0)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("512");
  }

  private static int compareBits(Float x, Float y) {
    return Integer.compare(Float.floatToRawIntBits(x), Float.floatToRawIntBits(y));
  }

  private static Float[] boxed(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static void check(Kernels kernels, Rng rng, boolean ta, boolean tb, int m, int n, int k,
                            float alpha, float beta, int off, int pad) {
    int aRows = ta ? k : m, aCols = ta ? m : k;
    int bRows = tb ? n : k, bCols = tb ? k : n;
    int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
    float[] a = random(rng, off + aRows * lda);
    float[] b = random(rng, off + bRows * ldb);
    float[] c = random(rng, off + m * ldc + pad);
    float[] c0 = c.clone();
    if (pad > 0 || off > 0) {
      // Elements outside C's m x n window are sentinels that must survive.
      for (int idx = 0; idx < c.length; idx++) {
        int rel = idx - off;
        if (rel < 0 || rel >= m * ldc || rel % ldc >= n) {
          c[idx] = PAD;
          c0[idx] = PAD;
        }
      }
    }
    kernels.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
    double gamma = (k + 2) * 0x1p-24;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double x = (double) a[off + (ta ? p * lda + i : i * lda + p)] * b[off + (tb ? j * ldb + p : p * ldb + j)];
          ref += x;
          abs += Math.abs(x);
        }
        double cij = c0[off + i * ldc + j];
        double want = alpha * ref + (beta == 0f ? 0 : beta * cij);
        double bound = gamma * (Math.abs(alpha) * abs + (beta == 0f ? 0 : Math.abs(beta * cij))) + 1e-30;
        float got = c[off + i * ldc + j];
        if (!(Math.abs(got - want) <= bound)) {
          throw new AssertionError(String.format("%s %dx%dx%d trans %s/%s alpha %s beta %s off %d pad %d: C[%d,%d] = %s,"
              + " reference %s, error bound %s", kernels.name(), m, n, k, ta, tb, alpha, beta, off, pad, i, j, got, want, bound));
        }
      }
    }
    for (int idx = 0; idx < c.length; idx++) {
      if (c0[idx] == PAD) {
        assertThat(c[idx]).as("%s wrote outside C at index %d", kernels.name(), idx).isEqualTo(PAD);
      }
    }
  }

  static float[] random(Rng rng, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = rng.nextFloat() * 2f - 1f;
    }
    return x;
  }

  private static float[] filled(int size, float value) {
    float[] x = new float[size];
    Arrays.fill(x, value);
    return x;
  }

  private static int[] bits(float[] x) {
    int[] out = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Float.floatToRawIntBits(x[i]);
    }
    return out;
  }
}
