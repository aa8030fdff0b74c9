package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The panel layouts of {@link Packing}, element by element against their definition: panel {@code q} of
 * A holds rows {@code ic + q*mr ...} of {@code alpha * op(A)}, element {@code (r, p)} at
 * {@code q*mr*kc + p*mr + r}, zero below the last row; panel {@code q} of B holds columns
 * {@code jc + q*nr ...} of {@code op(B)}, element {@code (p, j)} at {@code q*nr*kc + p*nr + j}, zero
 * right of the last column. Every panel height has its own loop (4 and 8 unrolled, others generic), so
 * each is checked, with ragged blocks and depths that are not a multiple of the transposed copy's
 * {@link Packing#TRANSPOSED_ROWS}.
 */
class PackingTest {
  private static final int[] HEIGHTS = {1, 3, 4, 6, 8};

  @Test
  void packedAHoldsAlphaTimesOpAInPanelsOfMrRows() {
    int m = 29;
    int k = 45;
    float[] a = values((m + 3) * (k + 3) + 5); // room for either layout with its wider leading dimension
    for (boolean transA : new boolean[] {false, true}) {
      int lda = transA ? m + 2 : k + 3; // a leading dimension wider than the operand
      int aOff = 5;
      for (int mr : HEIGHTS) {
        for (int[] block : new int[][] {{0, 0, m, k}, {3, 7, 17, Packing.TRANSPOSED_ROWS + 5}, {8, 2, 8, 1}}) {
          int ic = block[0];
          int pc = block[1];
          int mcb = Math.min(block[2], m - ic);
          int kc = Math.min(block[3], k - pc);
          for (float alpha : new float[] {1f, -1.5f}) {
            int panels = (mcb + mr - 1) / mr;
            int apOff = 3;
            float[] ap = new float[apOff + panels * mr * kc + 1];
            java.util.Arrays.fill(ap, Float.NaN);
            Packing.packA(transA, a, aOff, lda, ic, pc, mcb, kc, mr, alpha, ap, apOff);
            assertThat(ap[apOff - 1]).as("before the panels").isNaN();
            assertThat(ap[ap.length - 1]).as("after the panels").isNaN();
            for (int q = 0; q < panels; q++) {
              for (int p = 0; p < kc; p++) {
                for (int r = 0; r < mr; r++) {
                  int i = ic + q * mr + r;
                  int col = pc + p;
                  float want = q * mr + r < mcb
                      ? alpha * a[aOff + (transA ? col * lda + i : i * lda + col)] : 0f;
                  assertThat(ap[apOff + q * mr * kc + p * mr + r])
                      .as("transA %s mr %d block %d,%d alpha %s panel %d (r %d, p %d)", transA, mr, ic, pc, alpha, q, r, p)
                      .isEqualTo(want);
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void packedBHoldsOpBInPanelsOfNrColumns() {
    int k = 21;
    int n = 37;
    float[] b = values((k + 2) * (n + 2) + 3);
    for (boolean transB : new boolean[] {false, true}) {
      int ldb = transB ? k + 1 : n + 2;
      int bOff = 3;
      for (int nr : new int[] {3, 4, 8, 16}) {
        int pc = 2;
        int jc = 5;
        int kc = k - pc;
        int ncb = n - jc - 1;
        int panels = (ncb + nr - 1) / nr;
        int bpOff = 4;
        float[] bp = new float[bpOff + panels * nr * kc];
        java.util.Arrays.fill(bp, Float.NaN);
        Packing.packB(transB, b, bOff, ldb, pc, jc, kc, ncb, nr, bp, bpOff);
        for (int q = 0; q < panels; q++) {
          for (int p = 0; p < kc; p++) {
            for (int j = 0; j < nr; j++) {
              int col = jc + q * nr + j;
              int row = pc + p;
              float want = q * nr + j < ncb ? b[bOff + (transB ? col * ldb + row : row * ldb + col)] : 0f;
              assertThat(bp[bpOff + q * nr * kc + p * nr + j])
                  .as("transB %s nr %d panel %d (p %d, j %d)", transB, nr, q, p, j).isEqualTo(want);
            }
          }
        }
        assertThat(bp[0]).as("nothing is written before bpOff").isNaN();
      }
    }
  }

  /**
   * The transpose of a block ({@link VectorTranspose#transpose}: the swapped product's copy of {@code Cᵀ}
   * back into C) moves every float where the scalar loop of {@link PackedGemm#transpose} does, and touches
   * nothing else: whole blocks only, ragged rows, ragged columns, both, fewer than a vector each way, at
   * offsets into arrays with wider rows.
   */
  @Test
  void vectorTransposeMatchesTheScalarOne() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assumeTrue(VectorTranspose.SUPPORTED);
    int w = VectorGemm.W;
    int[][] shapes = {{2 * w, 3 * w}, {4 * w + 3, w}, {w, 2 * w + 5}, {3 * w + 1, w + 7}, {5, 3}, {w - 1, 4 * w}};
    for (int[] shape : shapes) {
      int rows = shape[0];
      int cols = shape[1];
      int lds = cols + 3;
      int ldd = rows + 5;
      float[] src = values(2 + rows * lds);
      float[] want = new float[7 + cols * ldd];
      float[] got = new float[7 + cols * ldd];
      java.util.Arrays.fill(want, Float.NaN);
      java.util.Arrays.fill(got, Float.NaN);
      new ScalarKernels().transpose(src, 2, lds, rows, cols, want, 7, ldd);
      VectorTranspose.transpose(src, 2, lds, rows, cols, got, 7, ldd);
      for (int i = 0; i < want.length; i++) {
        assertThat(Float.floatToRawIntBits(got[i])).as("%d x %d at %d", rows, cols, i)
            .isEqualTo(Float.floatToRawIntBits(want[i]));
      }
    }
  }

  /**
   * The SIMD packing of a transposed B ({@link VectorTranspose}, run in the SIMD executions at 16 and 8
   * lanes) puts every float where {@link Packing#packB} does: whole panels of 1, 2 and 4 vectors, depths
   * with and without a remainder past the last whole vector, and leading dimensions of either parity.
   */
  @Test
  void vectorTransposedPackingMatchesTheScalarOne() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assumeTrue(VectorTranspose.SUPPORTED);
    int w = VectorGemm.W;
    for (int v : new int[] {1, 2, 4}) {
      int nr = v * w;
      for (int kc : new int[] {w, 3 * w + 5, 1}) {
        for (int extra : new int[] {0, 3}) {
          int cols = 2 * nr;
          int ldb = kc + 2 + extra;
          int pc = 1;
          int jc = 2;
          float[] b = values((jc + cols) * ldb + pc + kc + 4);
          int bpOff = 5;
          float[] want = new float[bpOff + cols * kc];
          float[] got = new float[bpOff + cols * kc];
          java.util.Arrays.fill(want, Float.NaN);
          java.util.Arrays.fill(got, Float.NaN);
          Packing.packB(true, b, 3, ldb, pc, jc, kc, cols, nr, want, bpOff);
          VectorTranspose.packTransposed(b, 3 + jc * ldb + pc, ldb, cols, kc, nr, got, bpOff);
          for (int i = 0; i < want.length; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).as("nr %d kc %d ldb %d at %d", nr, kc, ldb, i)
                .isEqualTo(Float.floatToRawIntBits(want[i]));
          }
        }
      }
    }
  }

  /**
   * The SIMD packing of A ({@link VectorGemm#packA}: {@link VectorInterleave} for a row-major A's whole
   * panels of 4 and 8 rows, {@link VectorTranspose#packTransposedA} for a transposed A's whole vectors of
   * rows; run in the SIMD executions at 16 and 8 lanes) puts every float where
   * {@link Packing#packA} does: a ragged last panel, depths with and without a remainder past the last
   * whole vector, leading dimensions of either parity, alpha 1 and not, and a transposed A.
   */
  @Test
  void vectorPackingOfAMatchesTheScalarOne() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    int w = VectorGemm.W;
    for (VectorGemm tile : new VectorGemm[] {new VectorGemm4x4(64, 4 * w), new VectorGemm8x2(64, 2 * w)}) {
      int mr = tile.mr();
      for (int kc : new int[] {w, 3 * w + 5, 1}) {
        for (int extra : new int[] {0, 3}) {
          for (boolean transA : new boolean[] {false, true}) {
            for (float alpha : new float[] {1f, -1.5f}) {
              int ic = 2;
              int pc = 1;
              int mcb = 2 * w + mr + 3; // two whole vectors of rows, a whole panel and a ragged one
              int lda = (transA ? ic + mcb : pc + kc) + extra;
              float[] a = values((transA ? pc + kc : ic + mcb) * lda + 4);
              int apOff = 5;
              int panels = (mcb + mr - 1) / mr;
              float[] want = new float[apOff + panels * mr * kc + 1];
              float[] got = new float[want.length];
              java.util.Arrays.fill(want, Float.NaN);
              java.util.Arrays.fill(got, Float.NaN);
              Packing.packA(transA, a, 3, lda, ic, pc, mcb, kc, mr, alpha, want, apOff);
              tile.packA(transA, a, 3, lda, ic, pc, mcb, kc, alpha, got, apOff);
              for (int i = 0; i < want.length; i++) {
                assertThat(Float.floatToRawIntBits(got[i]))
                    .as("mr %d kc %d lda %d transA %s alpha %s at %d", mr, kc, lda, transA, alpha, i)
                    .isEqualTo(Float.floatToRawIntBits(want[i]));
              }
            }
          }
        }
      }
    }
  }

  /** Distinct, exactly representable values, so a misplaced element cannot match by chance. */
  private static float[] values(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i + 1;
    }
    return v;
  }
}
