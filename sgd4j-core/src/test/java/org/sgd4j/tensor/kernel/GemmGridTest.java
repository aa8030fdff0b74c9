package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * The two-dimensional thread split of SGEMM ({@link PackedGemm#colWays}): the grid of row ways by column
 * ways whose parts are closest to square, the columns-only split of wide products
 * ({@link PackedGemm#columnsOnly}), the rows-only split of weight gradients ({@link PackedGemm#rowsOnly}),
 * and the same bits for every split (1 to 6 and 16 threads).
 */
class GemmGridTest {

  static Stream<Kernels> kernels() {
    return Stream.of(new ScalarKernels(), Kernels.get());
  }

  @Test
  void theGridIsTheSplitWithTheSquarestParts() {
    // Square products: rows alone with two threads (a tie; rows pack A once), 2 x 2 with four, 4 x 4 with 16.
    assertThat(PackedGemm.colWays(2, 1024, 1024, 256, 32)).isEqualTo(1);
    assertThat(PackedGemm.colWays(4, 1024, 1024, 256, 32)).isEqualTo(2);
    assertThat(PackedGemm.colWays(16, 2048, 2048, 512, 64)).isEqualTo(4);
    // A batch's input gradient, 64 x 784: columns.
    assertThat(PackedGemm.colWays(2, 64, 784, 16, 25)).isEqualTo(2);
    // Tall: rows.
    assertThat(PackedGemm.colWays(8, 4000, 100, 1000, 4)).isEqualTo(1);
    // Too few tiles for any grid of three: the longer side.
    assertThat(PackedGemm.colWays(3, 4, 700, 1, 22)).isEqualTo(3);
  }

  @Test
  void aProductTakesOneThreadPerHalfMillionMultiplyAdds() {
    // LeNet's first fully connected layer at batch 4 (4 x 120 x 576) and its second at batch 64
    // (64 x 84 x 120): less than two threads' worth, so one thread.
    assertThat(PackedGemm.threadsFor(4L * 120 * 576, 2)).isEqualTo(1);
    assertThat(PackedGemm.threadsFor(64L * 84 * 120, 2)).isEqualTo(1);
    assertThat(PackedGemm.threadsFor((1L << 20) - 1, 16)).isEqualTo(1);
    assertThat(PackedGemm.threadsFor(1L << 20, 16)).isEqualTo(2);
    // The MLP's first layer at batch 16: 12 threads' worth.
    assertThat(PackedGemm.threadsFor(16L * 512 * 784, 16)).isEqualTo(12);
    assertThat(PackedGemm.threadsFor(16L * 512 * 784, 2)).isEqualTo(2);
    assertThat(PackedGemm.threadsFor(1, 4)).isEqualTo(1);
  }

  @Test
  void wideProductsWithManyColumnsPerThreadAreSplitByColumnsAlone() {
    assertThat(PackedGemm.columnsOnly(2, 1024, 1024)).isTrue();
    assertThat(PackedGemm.columnsOnly(8, 2048, 2048)).isTrue();
    assertThat(PackedGemm.columnsOnly(16, 2048, 2048)).isFalse();
    assertThat(PackedGemm.columnsOnly(2, 2048, 1024)).isFalse();
    assertThat(PackedGemm.columnsOnly(4, 64, 784)).isFalse();
  }

  @Test
  void aWeightGradientOfAGradientSplitByColumnsIsSplitByRows() {
    // gᵀ x for the MLP's hidden layers at batch 256 on two threads: g (256 x 512) was written in column
    // blocks, so the gradient (512 x in) is split by rows.
    assertThat(PackedGemm.rowsOnly(2, true, 512, 256)).isTrue();
    assertThat(PackedGemm.rowsOnly(2, false, 512, 256)).isFalse();
    // The output layer's g (256 x 10), a tall g (1024 x 512) and 512 columns over 16 threads are split
    // otherwise, so their gradients are too.
    assertThat(PackedGemm.rowsOnly(2, true, 10, 256)).isFalse();
    assertThat(PackedGemm.rowsOnly(2, true, 512, 1024)).isFalse();
    assertThat(PackedGemm.rowsOnly(16, true, 512, 256)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void everyGridGivesTheSameBits(Kernels kernels) {
    Rng rng = new Rng(3);
    int[][] shapes = {{300, 300, 300}, {130, 500, 270}, {64, 784, 512}, {600, 70, 40}, {100, 1100, 60},
        {131, 1030, 300}, // columns only at 2 to 4 threads, ragged rows, two k-blocks
        {530, 200, 290}}; // transposed A: rows only at 2 threads, ragged rows, two k-blocks
    for (int[] s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] c0 = random(rng, m * n);
        int[] first = null;
        for (int threads : new int[] {1, 2, 4, 6, 16, 3, 5}) {
          float[] c = c0.clone();
          try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
            kernels.sgemm(ta, tb, m, n, k, 0.5f, a, 0, ta ? m : k, b, 0, tb ? k : n, 1.5f, c, 0, n);
          }
          int[] bits = new int[c.length];
          for (int i = 0; i < c.length; i++) {
            bits[i] = Float.floatToRawIntBits(c[i]);
          }
          if (first == null) {
            first = bits;
          } else {
            assertThat(bits).as("%s %dx%dx%d trans %s/%s, %d threads", kernels.name(), m, n, k, ta, tb, threads)
                .isEqualTo(first);
          }
        }
      }
    }
  }

  private static float[] random(Rng rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return x;
  }
}
