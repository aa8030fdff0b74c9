package org.sgd4j.tensor.kernel;

import java.util.Arrays;

/**
 * Copies blocks of the SGEMM operands into the panel layouts the micro-kernels read (Goto and van de
 * Geijn, 2008): {@code alpha * op(A)} in panels of MR rows stored column by column, {@code op(B)} in
 * panels of NR columns stored row by row, both zero-padded to whole panels so edge tiles use the same
 * micro-kernel.
 */
final class Packing {
  private Packing() {}

  /**
   * Steps of k a transposed A is packed in, for all of its panels at once: the block's rows of A (a
   * leading dimension apart, often a power of two, so they share a few cache sets) stay in L1 while each
   * panel takes its MR floats from them. Walking one panel down all KC rows instead brings every row's
   * line in again for each panel.
   */
  static final int TRANSPOSED_ROWS = 16;

  /**
   * Packs {@code alpha * op(A)[ic:ic+mcb, pc:pc+kc]}: panel {@code q} (rows {@code ic+q*mr ...}) starts
   * at {@code apOff + q*mr*kc}, and element {@code (r, p)} of it sits at {@code apOff + q*mr*kc + p*mr + r}.
   */
  static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mcb, int kc, int mr,
                    float alpha, float[] ap, int apOff) {
    int full = mcb / mr * mr;
    if (transA) {
      int src = aOff + pc * lda + ic;
      if (mr == 4) {
        transposed4(a, src, lda, full, kc, alpha, ap, apOff);
      } else if (mr == 8) {
        transposed8(a, src, lda, full, kc, alpha, ap, apOff);
      } else {
        transposed(a, src, lda, full, kc, mr, alpha, ap, apOff);
      }
    } else {
      rows(a, aOff + ic * lda + pc, lda, 0, full, kc, mr, alpha, ap, apOff);
    }
    if (full < mcb) {
      // The ragged last panel, its missing rows zero.
      int base = apOff + full * kc;
      java.util.Arrays.fill(ap, base, base + mr * kc, 0f);
      if (transA) {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + ic + full;
          for (int r = 0; r < mcb - full; r++) {
            ap[base + p * mr + r] = alpha * a[src + r];
          }
        }
      } else {
        rows(a, aOff + ic * lda + pc, lda, full, mcb, kc, mr, alpha, ap, apOff);
      }
    }
  }

  /**
   * Panels of 4 rows of a transposed A ({@code rows} a multiple of 4): row p of panel q is the 4 floats
   * at {@code src + p * lda + 4q}, taken {@link #TRANSPOSED_ROWS} steps of p at a time for all panels.
   */
  private static void transposed4(float[] a, int src, int lda, int rows, int kc, float alpha, float[] ap, int apOff) {
    for (int p0 = 0; p0 < kc; p0 += TRANSPOSED_ROWS) {
      int p1 = Math.min(kc, p0 + TRANSPOSED_ROWS);
      for (int ir = 0; ir < rows; ir += 4) {
        int s = src + p0 * lda + ir;
        int d = apOff + ir * kc + p0 * 4;
        for (int p = p0; p < p1; p++, s += lda, d += 4) {
          ap[d] = alpha * a[s];
          ap[d + 1] = alpha * a[s + 1];
          ap[d + 2] = alpha * a[s + 2];
          ap[d + 3] = alpha * a[s + 3];
        }
      }
    }
  }

  /** {@link #transposed4} for panels of 8 rows. */
  private static void transposed8(float[] a, int src, int lda, int rows, int kc, float alpha, float[] ap, int apOff) {
    for (int p0 = 0; p0 < kc; p0 += TRANSPOSED_ROWS) {
      int p1 = Math.min(kc, p0 + TRANSPOSED_ROWS);
      for (int ir = 0; ir < rows; ir += 8) {
        int s = src + p0 * lda + ir;
        int d = apOff + ir * kc + p0 * 8;
        for (int p = p0; p < p1; p++, s += lda, d += 8) {
          ap[d] = alpha * a[s];
          ap[d + 1] = alpha * a[s + 1];
          ap[d + 2] = alpha * a[s + 2];
          ap[d + 3] = alpha * a[s + 3];
          ap[d + 4] = alpha * a[s + 4];
          ap[d + 5] = alpha * a[s + 5];
          ap[d + 6] = alpha * a[s + 6];
          ap[d + 7] = alpha * a[s + 7];
        }
      }
    }
  }

  /** {@link #transposed4} for panels of any height {@code mr}. */
  private static void transposed(float[] a, int src, int lda, int rows, int kc, int mr, float alpha, float[] ap,
                                 int apOff) {
    for (int p0 = 0; p0 < kc; p0 += TRANSPOSED_ROWS) {
      int p1 = Math.min(kc, p0 + TRANSPOSED_ROWS);
      for (int ir = 0; ir < rows; ir += mr) {
        int s = src + p0 * lda + ir;
        int d = apOff + ir * kc + p0 * mr;
        for (int p = p0; p < p1; p++, s += lda, d += mr) {
          for (int r = 0; r < mr; r++) {
            ap[d + r] = alpha * a[s + r];
          }
        }
      }
    }
  }

  /**
   * Rows {@code from} to {@code to - 1} of a row-major A into panels of height {@code mr}, one row at a
   * time: each row is read sequentially and its floats go {@code mr} apart into one panel, which stays in
   * L1. (Reading four rows at a time, as the transposed B is, measured no faster here; the SIMD drivers
   * interleave a panel's rows in registers instead, {@link VectorInterleave}.)
   */
  private static void rows(float[] a, int src, int lda, int from, int to, int kc, int mr, float alpha, float[] ap,
                           int apOff) {
    for (int i = from; i < to; i++) {
      int s = src + i * lda;
      int d = apOff + i / mr * mr * kc + i % mr;
      for (int p = 0; p < kc; p++, d += mr) {
        ap[d] = alpha * a[s + p];
      }
    }
  }

  /**
   * Packs {@code op(B)[pc:pc+kc, jc:jc+ncb]}: panel {@code q} (columns {@code jc+q*nr ...}) starts at
   * {@code bpOff + q*nr*kc}, and element {@code (p, j)} of it sits at {@code bpOff + q*nr*kc + p*nr + j}.
   */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int ncb, int nr,
                    float[] bp, int bpOff) {
    for (int jr = 0; jr < ncb; jr += nr) {
      int base = bpOff + jr * kc;
      int nw = Math.min(nr, ncb - jr);
      int col0 = jc + jr;
      if (nw < nr) {
        // A ragged panel: zeroed whole first, one fill, then its columns written over the zeros (a fill of
        // the few padding floats of each row, one call per row, took longer than the columns' copy).
        Arrays.fill(bp, base, base + kc * nr, 0f);
      }
      if (transB) {
        // A transpose, four source rows at a time: each step of p reads the next float of four sequential
        // streams and writes four adjacent floats of the panel's row p, so every load and store runs
        // along a cache line (one row at a time would write a column, a float per line).
        int src0 = bOff + col0 * ldb + pc;
        int j = 0;
        for (; j + 4 <= nw; j += 4) {
          int s0 = src0 + j * ldb;
          int s1 = s0 + ldb;
          int s2 = s1 + ldb;
          int s3 = s2 + ldb;
          int d = base + j;
          for (int p = 0; p < kc; p++) {
            int dp = d + p * nr;
            bp[dp] = b[s0 + p];
            bp[dp + 1] = b[s1 + p];
            bp[dp + 2] = b[s2 + p];
            bp[dp + 3] = b[s3 + p];
          }
        }
        for (; j < nw; j++) {
          int src = src0 + j * ldb;
          for (int p = 0; p < kc; p++) {
            bp[base + p * nr + j] = b[src + p];
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, bOff + (pc + p) * ldb + col0, bp, base + p * nr, nw);
        }
      }
    }
  }
}
