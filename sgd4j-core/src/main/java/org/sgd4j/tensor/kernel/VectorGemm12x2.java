package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The 12 x 2W tile of the SIMD SGEMM (12 rows by 2 vectors of the preferred width W):
 * 24 vector accumulators, each updated per step of k as {@code acc = fma(broadcast(a_ip), b_p, acc)}.
 * One of the tiles {@link PanamaVectorizationProvider} chooses from; its accumulators are locals, not an
 * array, so that C2 keeps them in registers. Packed operands and operands read in place run in two
 * methods of their own, so that each compiles small and its loop sees only its own indexing.
 * Generated code: every tile has the same shape.
 */
final class VectorGemm12x2 extends VectorGemm {
  static final int MR = 12;
  static final int NR = 2 * W;

  VectorGemm12x2(int mc, int nc) {
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
    FloatVector c0_0 = FloatVector.zero(S);
    FloatVector c0_1 = c0_0;
    FloatVector c1_0 = c0_0;
    FloatVector c1_1 = c0_0;
    FloatVector c2_0 = c0_0;
    FloatVector c2_1 = c0_0;
    FloatVector c3_0 = c0_0;
    FloatVector c3_1 = c0_0;
    FloatVector c4_0 = c0_0;
    FloatVector c4_1 = c0_0;
    FloatVector c5_0 = c0_0;
    FloatVector c5_1 = c0_0;
    FloatVector c6_0 = c0_0;
    FloatVector c6_1 = c0_0;
    FloatVector c7_0 = c0_0;
    FloatVector c7_1 = c0_0;
    FloatVector c8_0 = c0_0;
    FloatVector c8_1 = c0_0;
    FloatVector c9_0 = c0_0;
    FloatVector c9_1 = c0_0;
    FloatVector c10_0 = c0_0;
    FloatVector c10_1 = c0_0;
    FloatVector c11_0 = c0_0;
    FloatVector c11_1 = c0_0;
    for (int p = 0; p < kc; p++) {
      int bq = bOff + p * NR;
      int aq = aOff + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, b, bq);
      FloatVector b1 = FloatVector.fromArray(S, b, bq + W);
      FloatVector a0 = FloatVector.broadcast(S, a[aq]);
      c0_0 = b0.fma(a0, c0_0);
      c0_1 = b1.fma(a0, c0_1);
      FloatVector a1 = FloatVector.broadcast(S, a[aq + 1]);
      c1_0 = b0.fma(a1, c1_0);
      c1_1 = b1.fma(a1, c1_1);
      FloatVector a2 = FloatVector.broadcast(S, a[aq + 2]);
      c2_0 = b0.fma(a2, c2_0);
      c2_1 = b1.fma(a2, c2_1);
      FloatVector a3 = FloatVector.broadcast(S, a[aq + 3]);
      c3_0 = b0.fma(a3, c3_0);
      c3_1 = b1.fma(a3, c3_1);
      FloatVector a4 = FloatVector.broadcast(S, a[aq + 4]);
      c4_0 = b0.fma(a4, c4_0);
      c4_1 = b1.fma(a4, c4_1);
      FloatVector a5 = FloatVector.broadcast(S, a[aq + 5]);
      c5_0 = b0.fma(a5, c5_0);
      c5_1 = b1.fma(a5, c5_1);
      FloatVector a6 = FloatVector.broadcast(S, a[aq + 6]);
      c6_0 = b0.fma(a6, c6_0);
      c6_1 = b1.fma(a6, c6_1);
      FloatVector a7 = FloatVector.broadcast(S, a[aq + 7]);
      c7_0 = b0.fma(a7, c7_0);
      c7_1 = b1.fma(a7, c7_1);
      FloatVector a8 = FloatVector.broadcast(S, a[aq + 8]);
      c8_0 = b0.fma(a8, c8_0);
      c8_1 = b1.fma(a8, c8_1);
      FloatVector a9 = FloatVector.broadcast(S, a[aq + 9]);
      c9_0 = b0.fma(a9, c9_0);
      c9_1 = b1.fma(a9, c9_1);
      FloatVector a10 = FloatVector.broadcast(S, a[aq + 10]);
      c10_0 = b0.fma(a10, c10_0);
      c10_1 = b1.fma(a10, c10_1);
      FloatVector a11 = FloatVector.broadcast(S, a[aq + 11]);
      c11_0 = b0.fma(a11, c11_0);
      c11_1 = b1.fma(a11, c11_1);
    }
    // Stores written out here, not in a helper: an un-inlined helper gets its vectors boxed and
    // stores them through the slow Java fallback.
    int o1 = cOff + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    int o4 = o3 + ldc;
    int o5 = o4 + ldc;
    int o6 = o5 + ldc;
    int o7 = o6 + ldc;
    int o8 = o7 + ldc;
    int o9 = o8 + ldc;
    int o10 = o9 + ldc;
    int o11 = o10 + ldc;
    if (beta == 0f) {
      c0_0.intoArray(c, cOff);
      c0_1.intoArray(c, cOff + W);
      c1_0.intoArray(c, o1);
      c1_1.intoArray(c, o1 + W);
      c2_0.intoArray(c, o2);
      c2_1.intoArray(c, o2 + W);
      c3_0.intoArray(c, o3);
      c3_1.intoArray(c, o3 + W);
      c4_0.intoArray(c, o4);
      c4_1.intoArray(c, o4 + W);
      c5_0.intoArray(c, o5);
      c5_1.intoArray(c, o5 + W);
      c6_0.intoArray(c, o6);
      c6_1.intoArray(c, o6 + W);
      c7_0.intoArray(c, o7);
      c7_1.intoArray(c, o7 + W);
      c8_0.intoArray(c, o8);
      c8_1.intoArray(c, o8 + W);
      c9_0.intoArray(c, o9);
      c9_1.intoArray(c, o9 + W);
      c10_0.intoArray(c, o10);
      c10_1.intoArray(c, o10 + W);
      c11_0.intoArray(c, o11);
      c11_1.intoArray(c, o11 + W);
    } else {
      FloatVector.fromArray(S, c, cOff).mul(beta).add(c0_0).intoArray(c, cOff);
      FloatVector.fromArray(S, c, cOff + W).mul(beta).add(c0_1).intoArray(c, cOff + W);
      FloatVector.fromArray(S, c, o1).mul(beta).add(c1_0).intoArray(c, o1);
      FloatVector.fromArray(S, c, o1 + W).mul(beta).add(c1_1).intoArray(c, o1 + W);
      FloatVector.fromArray(S, c, o2).mul(beta).add(c2_0).intoArray(c, o2);
      FloatVector.fromArray(S, c, o2 + W).mul(beta).add(c2_1).intoArray(c, o2 + W);
      FloatVector.fromArray(S, c, o3).mul(beta).add(c3_0).intoArray(c, o3);
      FloatVector.fromArray(S, c, o3 + W).mul(beta).add(c3_1).intoArray(c, o3 + W);
      FloatVector.fromArray(S, c, o4).mul(beta).add(c4_0).intoArray(c, o4);
      FloatVector.fromArray(S, c, o4 + W).mul(beta).add(c4_1).intoArray(c, o4 + W);
      FloatVector.fromArray(S, c, o5).mul(beta).add(c5_0).intoArray(c, o5);
      FloatVector.fromArray(S, c, o5 + W).mul(beta).add(c5_1).intoArray(c, o5 + W);
      FloatVector.fromArray(S, c, o6).mul(beta).add(c6_0).intoArray(c, o6);
      FloatVector.fromArray(S, c, o6 + W).mul(beta).add(c6_1).intoArray(c, o6 + W);
      FloatVector.fromArray(S, c, o7).mul(beta).add(c7_0).intoArray(c, o7);
      FloatVector.fromArray(S, c, o7 + W).mul(beta).add(c7_1).intoArray(c, o7 + W);
      FloatVector.fromArray(S, c, o8).mul(beta).add(c8_0).intoArray(c, o8);
      FloatVector.fromArray(S, c, o8 + W).mul(beta).add(c8_1).intoArray(c, o8 + W);
      FloatVector.fromArray(S, c, o9).mul(beta).add(c9_0).intoArray(c, o9);
      FloatVector.fromArray(S, c, o9 + W).mul(beta).add(c9_1).intoArray(c, o9 + W);
      FloatVector.fromArray(S, c, o10).mul(beta).add(c10_0).intoArray(c, o10);
      FloatVector.fromArray(S, c, o10 + W).mul(beta).add(c10_1).intoArray(c, o10 + W);
      FloatVector.fromArray(S, c, o11).mul(beta).add(c11_0).intoArray(c, o11);
      FloatVector.fromArray(S, c, o11 + W).mul(beta).add(c11_1).intoArray(c, o11 + W);
    }
  }

  /** Rows of A and of B read in place, or a mix with packed panels. */
  private static void strided(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow,
                              float[] c, int cOff, int ldc, float beta) {
    FloatVector c0_0 = FloatVector.zero(S);
    FloatVector c0_1 = c0_0;
    FloatVector c1_0 = c0_0;
    FloatVector c1_1 = c0_0;
    FloatVector c2_0 = c0_0;
    FloatVector c2_1 = c0_0;
    FloatVector c3_0 = c0_0;
    FloatVector c3_1 = c0_0;
    FloatVector c4_0 = c0_0;
    FloatVector c4_1 = c0_0;
    FloatVector c5_0 = c0_0;
    FloatVector c5_1 = c0_0;
    FloatVector c6_0 = c0_0;
    FloatVector c6_1 = c0_0;
    FloatVector c7_0 = c0_0;
    FloatVector c7_1 = c0_0;
    FloatVector c8_0 = c0_0;
    FloatVector c8_1 = c0_0;
    FloatVector c9_0 = c0_0;
    FloatVector c9_1 = c0_0;
    FloatVector c10_0 = c0_0;
    FloatVector c10_1 = c0_0;
    FloatVector c11_0 = c0_0;
    FloatVector c11_1 = c0_0;
    int ap = aOff;
    int bp = bOff;
    int r2 = 2 * aRow;
    int r3 = 3 * aRow;
    int r4 = 4 * aRow;
    int r5 = 5 * aRow;
    int r6 = 6 * aRow;
    int r7 = 7 * aRow;
    int r8 = 8 * aRow;
    int r9 = 9 * aRow;
    int r10 = 10 * aRow;
    int r11 = 11 * aRow;
    for (int p = 0; p < kc; p++, ap += aStep, bp += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + W);
      FloatVector a0 = FloatVector.broadcast(S, a[ap]);
      c0_0 = b0.fma(a0, c0_0);
      c0_1 = b1.fma(a0, c0_1);
      FloatVector a1 = FloatVector.broadcast(S, a[ap + aRow]);
      c1_0 = b0.fma(a1, c1_0);
      c1_1 = b1.fma(a1, c1_1);
      FloatVector a2 = FloatVector.broadcast(S, a[ap + r2]);
      c2_0 = b0.fma(a2, c2_0);
      c2_1 = b1.fma(a2, c2_1);
      FloatVector a3 = FloatVector.broadcast(S, a[ap + r3]);
      c3_0 = b0.fma(a3, c3_0);
      c3_1 = b1.fma(a3, c3_1);
      FloatVector a4 = FloatVector.broadcast(S, a[ap + r4]);
      c4_0 = b0.fma(a4, c4_0);
      c4_1 = b1.fma(a4, c4_1);
      FloatVector a5 = FloatVector.broadcast(S, a[ap + r5]);
      c5_0 = b0.fma(a5, c5_0);
      c5_1 = b1.fma(a5, c5_1);
      FloatVector a6 = FloatVector.broadcast(S, a[ap + r6]);
      c6_0 = b0.fma(a6, c6_0);
      c6_1 = b1.fma(a6, c6_1);
      FloatVector a7 = FloatVector.broadcast(S, a[ap + r7]);
      c7_0 = b0.fma(a7, c7_0);
      c7_1 = b1.fma(a7, c7_1);
      FloatVector a8 = FloatVector.broadcast(S, a[ap + r8]);
      c8_0 = b0.fma(a8, c8_0);
      c8_1 = b1.fma(a8, c8_1);
      FloatVector a9 = FloatVector.broadcast(S, a[ap + r9]);
      c9_0 = b0.fma(a9, c9_0);
      c9_1 = b1.fma(a9, c9_1);
      FloatVector a10 = FloatVector.broadcast(S, a[ap + r10]);
      c10_0 = b0.fma(a10, c10_0);
      c10_1 = b1.fma(a10, c10_1);
      FloatVector a11 = FloatVector.broadcast(S, a[ap + r11]);
      c11_0 = b0.fma(a11, c11_0);
      c11_1 = b1.fma(a11, c11_1);
    }
    // Stores written out here, not in a helper: an un-inlined helper gets its vectors boxed and
    // stores them through the slow Java fallback.
    int o1 = cOff + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    int o4 = o3 + ldc;
    int o5 = o4 + ldc;
    int o6 = o5 + ldc;
    int o7 = o6 + ldc;
    int o8 = o7 + ldc;
    int o9 = o8 + ldc;
    int o10 = o9 + ldc;
    int o11 = o10 + ldc;
    if (beta == 0f) {
      c0_0.intoArray(c, cOff);
      c0_1.intoArray(c, cOff + W);
      c1_0.intoArray(c, o1);
      c1_1.intoArray(c, o1 + W);
      c2_0.intoArray(c, o2);
      c2_1.intoArray(c, o2 + W);
      c3_0.intoArray(c, o3);
      c3_1.intoArray(c, o3 + W);
      c4_0.intoArray(c, o4);
      c4_1.intoArray(c, o4 + W);
      c5_0.intoArray(c, o5);
      c5_1.intoArray(c, o5 + W);
      c6_0.intoArray(c, o6);
      c6_1.intoArray(c, o6 + W);
      c7_0.intoArray(c, o7);
      c7_1.intoArray(c, o7 + W);
      c8_0.intoArray(c, o8);
      c8_1.intoArray(c, o8 + W);
      c9_0.intoArray(c, o9);
      c9_1.intoArray(c, o9 + W);
      c10_0.intoArray(c, o10);
      c10_1.intoArray(c, o10 + W);
      c11_0.intoArray(c, o11);
      c11_1.intoArray(c, o11 + W);
    } else {
      FloatVector.fromArray(S, c, cOff).mul(beta).add(c0_0).intoArray(c, cOff);
      FloatVector.fromArray(S, c, cOff + W).mul(beta).add(c0_1).intoArray(c, cOff + W);
      FloatVector.fromArray(S, c, o1).mul(beta).add(c1_0).intoArray(c, o1);
      FloatVector.fromArray(S, c, o1 + W).mul(beta).add(c1_1).intoArray(c, o1 + W);
      FloatVector.fromArray(S, c, o2).mul(beta).add(c2_0).intoArray(c, o2);
      FloatVector.fromArray(S, c, o2 + W).mul(beta).add(c2_1).intoArray(c, o2 + W);
      FloatVector.fromArray(S, c, o3).mul(beta).add(c3_0).intoArray(c, o3);
      FloatVector.fromArray(S, c, o3 + W).mul(beta).add(c3_1).intoArray(c, o3 + W);
      FloatVector.fromArray(S, c, o4).mul(beta).add(c4_0).intoArray(c, o4);
      FloatVector.fromArray(S, c, o4 + W).mul(beta).add(c4_1).intoArray(c, o4 + W);
      FloatVector.fromArray(S, c, o5).mul(beta).add(c5_0).intoArray(c, o5);
      FloatVector.fromArray(S, c, o5 + W).mul(beta).add(c5_1).intoArray(c, o5 + W);
      FloatVector.fromArray(S, c, o6).mul(beta).add(c6_0).intoArray(c, o6);
      FloatVector.fromArray(S, c, o6 + W).mul(beta).add(c6_1).intoArray(c, o6 + W);
      FloatVector.fromArray(S, c, o7).mul(beta).add(c7_0).intoArray(c, o7);
      FloatVector.fromArray(S, c, o7 + W).mul(beta).add(c7_1).intoArray(c, o7 + W);
      FloatVector.fromArray(S, c, o8).mul(beta).add(c8_0).intoArray(c, o8);
      FloatVector.fromArray(S, c, o8 + W).mul(beta).add(c8_1).intoArray(c, o8 + W);
      FloatVector.fromArray(S, c, o9).mul(beta).add(c9_0).intoArray(c, o9);
      FloatVector.fromArray(S, c, o9 + W).mul(beta).add(c9_1).intoArray(c, o9 + W);
      FloatVector.fromArray(S, c, o10).mul(beta).add(c10_0).intoArray(c, o10);
      FloatVector.fromArray(S, c, o10 + W).mul(beta).add(c10_1).intoArray(c, o10 + W);
      FloatVector.fromArray(S, c, o11).mul(beta).add(c11_0).intoArray(c, o11);
      FloatVector.fromArray(S, c, o11 + W).mul(beta).add(c11_1).intoArray(c, o11 + W);
    }
  }

  @Override
  public String tile() {
    return "12x2";
  }
}
