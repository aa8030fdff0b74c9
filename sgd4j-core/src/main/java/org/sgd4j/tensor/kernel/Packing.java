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
   * Packs {@code alpha * op(A)[ic:ic+mcb, pc:pc+kc]}: panel {@code q} (rows {@code ic+q*mr ...}) starts
   * at {@code q*mr*kc}, and element {@code (r, p)} of it sits at {@code q*mr*kc + p*mr + r}.
   */
  static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mcb, int kc, int mr,
                    float alpha, float[] ap) {
    for (int ir = 0; ir < mcb; ir += mr) {
      int base = ir * kc;
      int mh = Math.min(mr, mcb - ir);
      int row0 = ic + ir;
      if (transA) {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + row0;
          int dst = base + p * mr;
          for (int r = 0; r < mh; r++) {
            ap[dst + r] = alpha * a[src + r];
          }
          for (int r = mh; r < mr; r++) {
            ap[dst + r] = 0f;
          }
        }
      } else {
        for (int r = 0; r < mh; r++) {
          int src = aOff + (row0 + r) * lda + pc;
          for (int p = 0; p < kc; p++) {
            ap[base + p * mr + r] = alpha * a[src + p];
          }
        }
        for (int r = mh; r < mr; r++) {
          for (int p = 0; p < kc; p++) {
            ap[base + p * mr + r] = 0f;
          }
        }
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
        if (nw < nr) {
          for (int p = 0; p < kc; p++) {
            Arrays.fill(bp, base + p * nr + nw, base + (p + 1) * nr, 0f);
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int dst = base + p * nr;
          System.arraycopy(b, bOff + (pc + p) * ldb + col0, bp, dst, nw);
          if (nw < nr) {
            Arrays.fill(bp, dst + nw, dst + nr, 0f);
          }
        }
      }
    }
  }
}
