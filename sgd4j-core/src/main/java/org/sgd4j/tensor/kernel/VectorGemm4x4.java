package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The 4 x 4W tile of the SIMD SGEMM (4 rows by 4 vectors of the preferred width W):
 * 16 vector accumulators, each updated per step of k as {@code acc = fma(broadcast(a_ip), b_p, acc)}.
 * One of the tiles {@link PanamaVectorizationProvider} chooses from; its accumulators are locals, not an
 * array, so that C2 keeps them in registers. Packed operands and operands read in place run in two
 * methods of their own, so that each compiles small and its loop sees only its own indexing.
 * Generated code: every tile has the same shape.
 */
final class VectorGemm4x4 extends VectorGemm {
  static final int MR = 4;
  static final int NR = 4 * W;

  VectorGemm4x4(int mc, int nc) {
    super(MR, NR, mc, nc);
  }

  @Override
  void microKernel(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow, float[] c, int cOff,
                   int ldc, float beta) {
    if (aStep == MR && aRow == 1 && bRow == NR) {
      packed(kc, a, aOff, b, bOff, c, cOff, ldc, beta);
    } else {
      strided(kc, a, aOff, aRow, aStep, b, bOff, bRow, c, cOff, ldc, beta);
    }
  }

  /**
   * Both operands packed (the large-product case): indices that are constant multiples of p plus an
   * invariant, so C2 hoists the bounds checks out of the loop.
   */
  private static void packed(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                             float beta) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    for (int p = 0; p < kc; p++) {
      int bq = bOff + p * NR;
      int aq = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, b, bq);
      FloatVector b1 = FloatVector.fromArray(S, b, bq + W);
      FloatVector b2 = FloatVector.fromArray(S, b, bq + 2 * W);
      FloatVector b3 = FloatVector.fromArray(S, b, bq + 3 * W);
      FloatVector a0 = FloatVector.broadcast(S, a[aq]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      c03 = b3.fma(a0, c03);
      FloatVector a1 = FloatVector.broadcast(S, a[aq + 1]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      c13 = b3.fma(a1, c13);
      FloatVector a2 = FloatVector.broadcast(S, a[aq + 2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      c23 = b3.fma(a2, c23);
      FloatVector a3 = FloatVector.broadcast(S, a[aq + 3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
      c33 = b3.fma(a3, c33);
    }
    // C + acc, branch-free, written out here (see VectorGemm on the stores).
    float[] src = beta == 0f ? NEG_ZEROS : c;
    int srcRow = beta == 0f ? 0 : ldc;
    int s0 = beta == 0f ? 0 : cOff;
    int s1 = s0 + srcRow;
    int s2 = s1 + srcRow;
    int s3 = s2 + srcRow;
    int o1 = cOff + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    FloatVector.fromArray(S, src, s0).add(c00).intoArray(c, cOff);
    FloatVector.fromArray(S, src, s0 + W).add(c01).intoArray(c, cOff + W);
    FloatVector.fromArray(S, src, s0 + 2 * W).add(c02).intoArray(c, cOff + 2 * W);
    FloatVector.fromArray(S, src, s0 + 3 * W).add(c03).intoArray(c, cOff + 3 * W);
    FloatVector.fromArray(S, src, s1).add(c10).intoArray(c, o1);
    FloatVector.fromArray(S, src, s1 + W).add(c11).intoArray(c, o1 + W);
    FloatVector.fromArray(S, src, s1 + 2 * W).add(c12).intoArray(c, o1 + 2 * W);
    FloatVector.fromArray(S, src, s1 + 3 * W).add(c13).intoArray(c, o1 + 3 * W);
    FloatVector.fromArray(S, src, s2).add(c20).intoArray(c, o2);
    FloatVector.fromArray(S, src, s2 + W).add(c21).intoArray(c, o2 + W);
    FloatVector.fromArray(S, src, s2 + 2 * W).add(c22).intoArray(c, o2 + 2 * W);
    FloatVector.fromArray(S, src, s2 + 3 * W).add(c23).intoArray(c, o2 + 3 * W);
    FloatVector.fromArray(S, src, s3).add(c30).intoArray(c, o3);
    FloatVector.fromArray(S, src, s3 + W).add(c31).intoArray(c, o3 + W);
    FloatVector.fromArray(S, src, s3 + 2 * W).add(c32).intoArray(c, o3 + 2 * W);
    FloatVector.fromArray(S, src, s3 + 3 * W).add(c33).intoArray(c, o3 + 3 * W);
  }

  /** Rows of A and of B read in place, or a mix with packed panels. */
  private static void strided(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow,
                              float[] c, int cOff, int ldc, float beta) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    int ap = aOff;
    int bp = bOff;
    int r2 = 2 * aRow;
    int r3 = 3 * aRow;
    for (int p = 0; p < kc; p++, ap += aStep, bp += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + W);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * W);
      FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * W);
      FloatVector a0 = FloatVector.broadcast(S, a[ap]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      c03 = b3.fma(a0, c03);
      FloatVector a1 = FloatVector.broadcast(S, a[ap + aRow]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      c13 = b3.fma(a1, c13);
      FloatVector a2 = FloatVector.broadcast(S, a[ap + r2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      c23 = b3.fma(a2, c23);
      FloatVector a3 = FloatVector.broadcast(S, a[ap + r3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
      c33 = b3.fma(a3, c33);
    }
    // C + acc, branch-free, written out here (see VectorGemm on the stores).
    float[] src = beta == 0f ? NEG_ZEROS : c;
    int srcRow = beta == 0f ? 0 : ldc;
    int s0 = beta == 0f ? 0 : cOff;
    int s1 = s0 + srcRow;
    int s2 = s1 + srcRow;
    int s3 = s2 + srcRow;
    int o1 = cOff + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    FloatVector.fromArray(S, src, s0).add(c00).intoArray(c, cOff);
    FloatVector.fromArray(S, src, s0 + W).add(c01).intoArray(c, cOff + W);
    FloatVector.fromArray(S, src, s0 + 2 * W).add(c02).intoArray(c, cOff + 2 * W);
    FloatVector.fromArray(S, src, s0 + 3 * W).add(c03).intoArray(c, cOff + 3 * W);
    FloatVector.fromArray(S, src, s1).add(c10).intoArray(c, o1);
    FloatVector.fromArray(S, src, s1 + W).add(c11).intoArray(c, o1 + W);
    FloatVector.fromArray(S, src, s1 + 2 * W).add(c12).intoArray(c, o1 + 2 * W);
    FloatVector.fromArray(S, src, s1 + 3 * W).add(c13).intoArray(c, o1 + 3 * W);
    FloatVector.fromArray(S, src, s2).add(c20).intoArray(c, o2);
    FloatVector.fromArray(S, src, s2 + W).add(c21).intoArray(c, o2 + W);
    FloatVector.fromArray(S, src, s2 + 2 * W).add(c22).intoArray(c, o2 + 2 * W);
    FloatVector.fromArray(S, src, s2 + 3 * W).add(c23).intoArray(c, o2 + 3 * W);
    FloatVector.fromArray(S, src, s3).add(c30).intoArray(c, o3);
    FloatVector.fromArray(S, src, s3 + W).add(c31).intoArray(c, o3 + W);
    FloatVector.fromArray(S, src, s3 + 2 * W).add(c32).intoArray(c, o3 + 2 * W);
    FloatVector.fromArray(S, src, s3 + 3 * W).add(c33).intoArray(c, o3 + 3 * W);
  }

  @Override
  public String tile() {
    return "4x4";
  }
}
