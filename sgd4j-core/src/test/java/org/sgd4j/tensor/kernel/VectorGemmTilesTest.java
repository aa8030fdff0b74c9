package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.tensor.Rng;

/**
 * Every SIMD tile of the family, forced one at a time, gives bit for bit the results of a scalar
 * reference that spells out the arithmetic {@link VectorGemm} promises: for each k-block of
 * {@link VectorGemm#KC}, {@code acc = Math.fma(alpha * a_ip, b_pj, acc)} over p in order from zero, then
 * {@code c = acc} (first block, beta 0) or {@code c * beta + acc} (later blocks with beta 1); products
 * under {@link PackedGemm#SMALL} multiply-adds take the unpacked loop ({@code acc += a * b}, then
 * {@code acc * alpha}). Ragged shapes around the tiles and the k-blocks, all transpositions, several
 * alpha and beta, one and three threads, with the blocking of this CPU and with the smallest blocks
 * (one tile per block) so that every block edge is crossed. So the tile the probe picks on a machine
 * changes the speed and never the bits. Runs in the SIMD surefire execution.
 */
class VectorGemmTilesTest {
  private static final int[][] SHAPES = {
      {1, 1, 300}, {3, 70, 20}, {5, 7, 200}, {13, 33, 31}, {25, 17, 257}, {37, 65, 100}, {8, 16, 512},
      {97, 101, 103}, {130, 47, 256}, {61, 161, 300}, {200, 9, 40}, {16, 700, 20}, {50, 60, 600}};
  private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {2.5f, -1.5f}};

  static Stream<String> tiles() {
    return PanamaVectorizationProvider.TILES.stream();
  }

  @ParameterizedTest
  @MethodSource("tiles")
  void everyTileHasTheBitsOfTheScalarReference(String tile) {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    CpuInfo tiny = new CpuInfo("test", 1 << 10, 1 << 10, 1 << 10, 32);
    for (CpuInfo cpu : new CpuInfo[] {CpuInfo.get(), tiny}) {
      VectorGemm kernels = PanamaVectorizationProvider.make(tile, cpu);
      assertThat(kernels.tile()).isEqualTo(tile);
      Rng rng = new Rng(tile.hashCode());
      int case_ = 0;
      for (int[] s : SHAPES) {
        for (int t = 0; t < 4; t++, case_++) {
          float[] ab = ALPHA_BETA[case_ % ALPHA_BETA.length];
          int threads = case_ % 2 == 0 ? 1 : 3;
          check(kernels, rng, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1], threads);
        }
      }
    }
  }

  /**
   * With β = 0 or −0 the tiles neither read C (NaN there stays out of the result) nor let the row of −0.0
   * that stands in for it change a bit: the result is the reference's with β = 0, on products with more
   * than one k-block, so the first block's β = 0 and the later blocks' β = 1 both run.
   */
  @ParameterizedTest
  @MethodSource("tiles")
  void zeroBetaOfEitherSignIgnoresCInEveryTile(String tile) {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    VectorGemm kernels = PanamaVectorizationProvider.make(tile, CpuInfo.get());
    Rng rng = new Rng(7);
    int m = 37;
    int n = 3 * VectorGemm.W + 5;
    int k = VectorGemm.KC + 40;
    float[] a = random(rng, m * k);
    float[] b = random(rng, k * n);
    float[] want = new float[m * n];
    reference(false, false, m, n, k, 1f, a, k, b, n, 0f, want, n);
    for (float beta : new float[] {0f, -0f}) {
      float[] got = new float[m * n];
      java.util.Arrays.fill(got, Float.NaN);
      kernels.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, beta, got, 0, n);
      for (int i = 0; i < got.length; i++) {
        assertThat(Float.floatToRawIntBits(got[i])).as("tile %s beta %s C[%d]", tile, beta, i)
            .isEqualTo(Float.floatToRawIntBits(want[i]));
      }
    }
  }

  private static void check(Kernels kernels, Rng rng, boolean ta, boolean tb, int m, int n, int k, float alpha,
                            float beta, int threads) {
    int lda = (ta ? m : k) + 2;
    int ldb = (tb ? k : n) + 1;
    int ldc = n + 3;
    float[] a = random(rng, (ta ? k : m) * lda);
    float[] b = random(rng, (tb ? n : k) * ldb);
    float[] c0 = random(rng, m * ldc);
    float[] want = c0.clone();
    reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc);
    float[] got = c0.clone();
    try (Parallel.Limit limit = Parallel.limitThisThread(threads)) {
      kernels.sgemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, got, 0, ldc);
    }
    for (int i = 0; i < got.length; i++) {
      if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
        throw new AssertionError(String.format("tile %s, %dx%dx%d trans %s/%s alpha %s beta %s, %d threads: "
            + "C[%d][%d] = %s, reference %s", kernels.tile(), m, n, k, ta, tb, alpha, beta, threads, i / ldc,
            i % ldc, got[i], want[i]));
      }
    }
  }

  /** The arithmetic of the SIMD kernels, one element at a time. */
  static void reference(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b,
                        int ldb, float beta, float[] c, int ldc) {
    boolean small = (long) m * n * k < PackedGemm.SMALL;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float cij = c[i * ldc + j];
        if (small) {
          float acc = 0f;
          for (int p = 0; p < k; p++) {
            acc += at(a, ta, lda, i, p) * at(b, tb, ldb, p, j);
          }
          acc *= alpha;
          cij = beta == 0f ? acc : cij * beta + acc;
        } else {
          for (int pc = 0; pc < k; pc += VectorGemm.KC) {
            float acc = 0f;
            for (int p = pc; p < Math.min(k, pc + VectorGemm.KC); p++) {
              acc = Math.fma(alpha * at(a, ta, lda, i, p), at(b, tb, ldb, p, j), acc);
            }
            float betaBlock = pc == 0 ? beta : 1f;
            cij = betaBlock == 0f ? acc : cij * betaBlock + acc;
          }
        }
        c[i * ldc + j] = cij;
      }
    }
  }

  private static float at(float[] x, boolean trans, int ld, int row, int col) {
    return trans ? x[col * ld + row] : x[row * ld + col];
  }

  private static float[] random(Rng rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return x;
  }
}
