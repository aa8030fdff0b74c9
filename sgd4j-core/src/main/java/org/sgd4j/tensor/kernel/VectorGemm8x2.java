package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The 8 x 2W tile of the SIMD SGEMM (8 rows by 2 vectors of the preferred width W):
 * 16 vector accumulators, each updated per step of k as {@code acc = fma(broadcast(a_ip), b_p, acc)}.
 * One of the tiles {@link PanamaVectorizationProvider} chooses from; its accumulators are locals, not an
 * array, so that C2 keeps them in registers. Packed operands and operands read in place run in two
 * methods of their own, so that each compiles small and its loop sees only its own indexing.
 * Generated code: every tile has the same shape.
 */
final class VectorGemm8x2 extends VectorGemm {
  static final int MR = 8;
  static final int NR = 2 * W;

  VectorGemm8x2(int mc, int nc) {
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
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c60 = c00;
    FloatVector c61 = c00;
    FloatVector c70 = c00;
    FloatVector c71 = c00;
    for (int p = 0; p < kc; p++) {
      int bq = bOff + p * NR;
      int aq = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, b, bq);
      FloatVector b1 = FloatVector.fromArray(S, b, bq + W);
      FloatVector a0 = FloatVector.broadcast(S, a[aq]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(S, a[aq + 1]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(S, a[aq + 2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(S, a[aq + 3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      FloatVector a4 = FloatVector.broadcast(S, a[aq + 4]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      FloatVector a5 = FloatVector.broadcast(S, a[aq + 5]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
      FloatVector a6 = FloatVector.broadcast(S, a[aq + 6]);
      c60 = b0.fma(a6, c60);
      c61 = b1.fma(a6, c61);
      FloatVector a7 = FloatVector.broadcast(S, a[aq + 7]);
      c70 = b0.fma(a7, c70);
      c71 = b1.fma(a7, c71);
    }
    // C + acc, branch-free, written out here (see VectorGemm on the stores).
    float[] src = beta == 0f ? NEG_ZEROS : c;
    int srcRow = beta == 0f ? 0 : ldc;
    int s0 = beta == 0f ? 0 : cOff;
    int s1 = s0 + srcRow;
    int s2 = s1 + srcRow;
    int s3 = s2 + srcRow;
    int s4 = s3 + srcRow;
    int s5 = s4 + srcRow;
    int s6 = s5 + srcRow;
    int s7 = s6 + srcRow;
    int o1 = cOff + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    int o4 = o3 + ldc;
    int o5 = o4 + ldc;
    int o6 = o5 + ldc;
    int o7 = o6 + ldc;
    FloatVector.fromArray(S, src, s0).add(c00).intoArray(c, cOff);
    FloatVector.fromArray(S, src, s0 + W).add(c01).intoArray(c, cOff + W);
    FloatVector.fromArray(S, src, s1).add(c10).intoArray(c, o1);
    FloatVector.fromArray(S, src, s1 + W).add(c11).intoArray(c, o1 + W);
    FloatVector.fromArray(S, src, s2).add(c20).intoArray(c, o2);
    FloatVector.fromArray(S, src, s2 + W).add(c21).intoArray(c, o2 + W);
    FloatVector.fromArray(S, src, s3).add(c30).intoArray(c, o3);
    FloatVector.fromArray(S, src, s3 + W).add(c31).intoArray(c, o3 + W);
    FloatVector.fromArray(S, src, s4).add(c40).intoArray(c, o4);
    FloatVector.fromArray(S, src, s4 + W).add(c41).intoArray(c, o4 + W);
    FloatVector.fromArray(S, src, s5).add(c50).intoArray(c, o5);
    FloatVector.fromArray(S, src, s5 + W).add(c51).intoArray(c, o5 + W);
    FloatVector.fromArray(S, src, s6).add(c60).intoArray(c, o6);
    FloatVector.fromArray(S, src, s6 + W).add(c61).intoArray(c, o6 + W);
    FloatVector.fromArray(S, src, s7).add(c70).intoArray(c, o7);
    FloatVector.fromArray(S, src, s7 + W).add(c71).intoArray(c, o7 + W);
  }

  /** Rows of A and of B read in place, or a mix with packed panels. */
  private static void strided(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow,
                              float[] c, int cOff, int ldc, float beta) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c60 = c00;
    FloatVector c61 = c00;
    FloatVector c70 = c00;
    FloatVector c71 = c00;
    int ap = aOff;
    int bp = bOff;
    int r2 = 2 * aRow;
    int r3 = 3 * aRow;
    int r4 = 4 * aRow;
    int r5 = 5 * aRow;
    int r6 = 6 * aRow;
    int r7 = 7 * aRow;
    for (int p = 0; p < kc; p++, ap += aStep, bp += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + W);
      FloatVector a0 = FloatVector.broadcast(S, a[ap]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(S, a[ap + aRow]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(S, a[ap + r2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(S, a[ap + r3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      FloatVector a4 = FloatVector.broadcast(S, a[ap + r4]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      FloatVector a5 = FloatVector.broadcast(S, a[ap + r5]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
      FloatVector a6 = FloatVector.broadcast(S, a[ap + r6]);
      c60 = b0.fma(a6, c60);
      c61 = b1.fma(a6, c61);
      FloatVector a7 = FloatVector.broadcast(S, a[ap + r7]);
      c70 = b0.fma(a7, c70);
      c71 = b1.fma(a7, c71);
    }
    // C + acc, branch-free, written out here (see VectorGemm on the stores).
    float[] src = beta == 0f ? NEG_ZEROS : c;
    int srcRow = beta == 0f ? 0 : ldc;
    int s0 = beta == 0f ? 0 : cOff;
    int s1 = s0 + srcRow;
    int s2 = s1 + srcRow;
    int s3 = s2 + srcRow;
    int s4 = s3 + srcRow;
    int s5 = s4 + srcRow;
    int s6 = s5 + srcRow;
    int s7 = s6 + srcRow;
    int o1 = cOff + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    int o4 = o3 + ldc;
    int o5 = o4 + ldc;
    int o6 = o5 + ldc;
    int o7 = o6 + ldc;
    FloatVector.fromArray(S, src, s0).add(c00).intoArray(c, cOff);
    FloatVector.fromArray(S, src, s0 + W).add(c01).intoArray(c, cOff + W);
    FloatVector.fromArray(S, src, s1).add(c10).intoArray(c, o1);
    FloatVector.fromArray(S, src, s1 + W).add(c11).intoArray(c, o1 + W);
    FloatVector.fromArray(S, src, s2).add(c20).intoArray(c, o2);
    FloatVector.fromArray(S, src, s2 + W).add(c21).intoArray(c, o2 + W);
    FloatVector.fromArray(S, src, s3).add(c30).intoArray(c, o3);
    FloatVector.fromArray(S, src, s3 + W).add(c31).intoArray(c, o3 + W);
    FloatVector.fromArray(S, src, s4).add(c40).intoArray(c, o4);
    FloatVector.fromArray(S, src, s4 + W).add(c41).intoArray(c, o4 + W);
    FloatVector.fromArray(S, src, s5).add(c50).intoArray(c, o5);
    FloatVector.fromArray(S, src, s5 + W).add(c51).intoArray(c, o5 + W);
    FloatVector.fromArray(S, src, s6).add(c60).intoArray(c, o6);
    FloatVector.fromArray(S, src, s6 + W).add(c61).intoArray(c, o6 + W);
    FloatVector.fromArray(S, src, s7).add(c70).intoArray(c, o7);
    FloatVector.fromArray(S, src, s7 + W).add(c71).intoArray(c, o7 + W);
  }

  @Override
  public String tile() {
    return "8x2";
  }
}
