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
 * the split by depth of input gradients ({@link PackedGemm#depthSplit}), and the same bits for every split
 * (1 to 6 and 16 threads).
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
  void theRowPartsDealEveryThreadAsManyParts() {
    // The MLP's first layer's forward at batch 64 on 16 threads (512 x 64 x 784 swapped, 49 row parts by the
    // work): 48, three a thread; on two threads its 8 stay 8.
    assertThat(PackedGemm.balanced(16, 16, 1, 49)).isEqualTo(48);
    assertThat(PackedGemm.balanced(2, 2, 1, 8)).isEqualTo(8);
    assertThat(PackedGemm.balanced(2, 2, 1, 5)).isEqualTo(4);
    // With column ways, the grid's parts are what the threads share: 12 x 4 = 48 on 16 threads stays; 11 x 4
    // = 44 goes to 8 x 4 = 32, two a thread.
    assertThat(PackedGemm.balanced(16, 4, 4, 12)).isEqualTo(12);
    assertThat(PackedGemm.balanced(16, 4, 4, 11)).isEqualTo(8);
    assertThat(PackedGemm.balanced(6, 3, 2, 7)).isEqualTo(6);
    // Fewer parts than threads: one each, as they are.
    assertThat(PackedGemm.balanced(16, 4, 2, 6)).isEqualTo(6);
    // Never fewer than the row ways, even where those do not divide the threads (a product on fewer threads
    // than the pool has).
    assertThat(PackedGemm.balanced(3, 3, 1, 4)).isEqualTo(3);
    assertThat(PackedGemm.balanced(16, 5, 3, 7)).isEqualTo(5);
  }

  @Test
  void panelsFewerThanThreadsArePackedInSlicesOfRows() {
    // The swapped forward at batch 64 on 16 threads, in one pass: four k-blocks of one panel, sliced in four.
    assertThat(PackedGemm.packSlices(16, 4, 256)).isEqualTo(4);
    // A layer's B of eight panels: on two threads as it is; on 16 each panel in two slices.
    assertThat(PackedGemm.packSlices(2, 8, 256)).isEqualTo(1);
    assertThat(PackedGemm.packSlices(16, 8, 256)).isEqualTo(2);
    // Never slices of fewer than 64 rows, never none.
    assertThat(PackedGemm.packSlices(16, 1, 256)).isEqualTo(4);
    assertThat(PackedGemm.packSlices(16, 1, 40)).isEqualTo(1);
    // Slices start at multiples of 16 and cover the panel's rows once, in order.
    for (int kcb : new int[] {256, 16, 90, 200}) {
      for (int slices = 1; slices <= 4; slices++) {
        assertThat(PackedGemm.sliceStart(kcb, 0, slices)).isZero();
        assertThat(PackedGemm.sliceStart(kcb, slices, slices)).isEqualTo(kcb);
        for (int i = 1; i < slices; i++) {
          int start = PackedGemm.sliceStart(kcb, i, slices);
          assertThat(start % 16).isZero();
          assertThat(start).isBetween(PackedGemm.sliceStart(kcb, i - 1, slices), kcb);
        }
      }
    }
    assertThat(PackedGemm.sliceStart(256, 1, 4)).isEqualTo(64);
    assertThat(PackedGemm.sliceStart(200, 1, 3)).isEqualTo(64);
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

  @Test
  void anInputGradientThroughAWeightSplitByRowsIsSplitByDepth() {
    PackedGemm gemm = new ScalarKernels();
    // g W for the MLP's second layer at batch 64 and 256 on two threads: the forward split W's 512 rows
    // between the threads, and k = 512 is two k-blocks.
    assertThat(gemm.depthSplit(2, false, false, 64, 512)).isTrue();
    assertThat(gemm.depthSplit(2, false, false, 256, 512)).isTrue();
    // Transposed operands, one k-block, too few rows of W per thread, or more of C per k-block than of W
    // (a square product: its slabs would outgrow B) are split otherwise.
    assertThat(gemm.depthSplit(2, true, false, 64, 512)).isFalse();
    assertThat(gemm.depthSplit(2, false, true, 64, 512)).isFalse();
    assertThat(gemm.depthSplit(2, false, false, 64, 256)).isFalse();
    assertThat(gemm.depthSplit(4, false, false, 64, 512)).isFalse();
    assertThat(gemm.depthSplit(2, false, false, 2048, 2048)).isFalse();
    assertThat(gemm.depthSplit(2, false, false, 400, 600)).isFalse();
    assertThat(gemm.depthSplit(1, false, false, 64, 512)).isFalse();
  }

  @Test
  void aGridOverASmallBPacksAllOfItFirst() {
    PackedGemm gemm = new ScalarKernels();
    // The MLP's first layer's forward at batch 64 through the swapped product (512 x 64 x 784, B the
    // batch): one pass. A square 2048 product, a grid of one part, and a batch of 512: block by block.
    assertThat(gemm.onePass(8, 64, 784)).isTrue();
    assertThat(gemm.onePass(8, 2048, 2048)).isFalse();
    assertThat(gemm.onePass(1, 64, 784)).isFalse();
    assertThat(gemm.onePass(8, 512, 784)).isFalse();
    // Of everyGridGivesTheSameBits' shapes, these take it at two threads and more, in two or more k-blocks.
    assertThat(gemm.onePass(2, 300, 300)).isTrue();
    assertThat(gemm.onePass(2, 200, 290)).isTrue();
  }

  /**
   * Products split by depth ({@link PackedGemm#depthSplit}) at 2 to 6 threads: one row, ragged k-blocks
   * (1030 = 4 · 256 + 6), more k-ways than blocks per way, columns too where threads outnumber the
   * k-blocks, a β that is scaled first and one that is 1 (the slabs added to what C held). Each against
   * one thread, bit for bit.
   */
  @ParameterizedTest
  @MethodSource("kernels")
  void aSplitByDepthGivesTheBitsOfOneThread(Kernels kernels) {
    Rng rng = new Rng(11);
    int[][] shapes = {{64, 512, 512}, {1, 2100, 1100}, {16, 520, 1030}, {33, 100, 600}, {5, 200, 1100}};
    for (int[] s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      for (float beta : new float[] {0f, 1f, 0.75f}) {
        float[] a = random(rng, 3 + m * (k + 2));
        float[] b = random(rng, 1 + k * (n + 5));
        float[] c0 = random(rng, 4 + m * (n + 3));
        int[] first = null;
        for (int threads : new int[] {1, 2, 3, 4, 6}) {
          // The threads the product gets (one per half million multiply-adds): the depth split at two.
          int used = PackedGemm.threadsFor((long) m * n * k, threads);
          assertThat(((PackedGemm) kernels).depthSplit(used, false, false, m, k))
              .as("%dx%dx%d splits by depth at %d threads", m, n, k, threads)
              .isEqualTo(threads == 2 || used > 1 && k / used >= 256);
          float[] c = c0.clone();
          try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
            kernels.sgemm(false, false, m, n, k, 0.5f, a, 3, k + 2, b, 1, n + 5, beta, c, 4, n + 3);
          }
          int[] bits = bits(c);
          if (first == null) {
            first = bits;
          } else {
            assertThat(bits).as("%s %dx%dx%d beta %s, %d threads", kernels.name(), m, n, k, beta, threads)
                .isEqualTo(first);
          }
        }
      }
    }
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
      for (int t = 0; t < 8; t++) {
        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
        // β = 0 overwrites what C held (the first k-block stored, not added), β = 1.5 scales it first.
        float beta = (t & 4) != 0 ? 0f : 1.5f;
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] c0 = random(rng, m * n);
        int[] first = null;
        for (int threads : new int[] {1, 2, 4, 6, 16, 3, 5}) {
          float[] c = c0.clone();
          try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
            kernels.sgemm(ta, tb, m, n, k, 0.5f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, c, 0, n);
          }
          int[] bits = bits(c);
          if (first == null) {
            first = bits;
          } else {
            assertThat(bits).as("%s %dx%dx%d trans %s/%s beta %s, %d threads", kernels.name(), m, n, k, ta, tb, beta,
                threads).isEqualTo(first);
          }
        }
      }
    }
  }

  private static int[] bits(float[] c) {
    int[] bits = new int[c.length];
    for (int i = 0; i < c.length; i++) {
      bits[i] = Float.floatToRawIntBits(c[i]);
    }
    return bits;
  }

  private static float[] random(Rng rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return x;
  }
}
