package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The SIMD SGEMM's kernel for a ragged last panel of columns: one vector of columns of an MR-row tile,
 * {@code acc_r = fma(broadcast(a_rp), b_p, acc_r)} over p from zero, stored into the driver's scratch
 * tile. A tile of V vectors whose last panel holds fewer columns runs this once per vector that holds
 * any ({@link VectorGemm#edgeKernel}), where the whole tile would compute all V vectors, most of them on
 * zero padding: a layer of 784 inputs leaves 16 columns in the last panel of a 64-column tile, so the
 * weight gradient {@code gᵀ x} did about 6% more multiply-adds than it needs, and at two threads the part
 * holding that panel took one panel's time more than the other part.
 *
 * <p>Each element is the same chain of fused multiply-adds in the same order as in the whole tile, and it
 * is stored as {@code acc}, which is what the tiles' {@code −0 + acc} stores into the scratch tile, so the
 * bits do not change.
 * Written out for MR = 4, 6 and 8, the tiles' heights, with the accumulators as locals (C2 keeps them in
 * registers only then); each is one method always run whole (see {@code docs/architecture.md} on the
 * Vector API's pitfalls).
 */
final class VectorGemmColumns {
  private static final int W = VectorGemm.W;

  private VectorGemmColumns() {}

  /** Whether tiles of {@code mr} rows have a one-vector kernel. */
  static boolean supports(int mr) {
    return mr == 4 || mr == 6 || mr == 8;
  }

  /**
   * Rows {@code 0 .. mr-1} of one vector of columns: {@code acc_r = sum_p a[aOff + r*aRow + p*aStep] *
   * b[bOff + p*bRow + (0 .. W-1)]}, stored at {@code out[o + r*ldo]}.
   */
  static void column(int mr, int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow,
                     float[] out, int o, int ldo) {
    switch (mr) {
      case 4 -> column4(kc, a, aOff, aRow, aStep, b, bOff, bRow, out, o, ldo);
      case 6 -> column6(kc, a, aOff, aRow, aStep, b, bOff, bRow, out, o, ldo);
      case 8 -> column8(kc, a, aOff, aRow, aStep, b, bOff, bRow, out, o, ldo);
      default -> throw new IllegalArgumentException("no one-vector kernel for tiles of " + mr + " rows");
    }
  }

  private static void column4(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow,
                              float[] out, int o, int ldo) {
    FloatVector c0 = FloatVector.zero(VectorGemm.S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    int ap = aOff;
    int bp = bOff;
    for (int p = 0; p < kc; p++, ap += aStep, bp += bRow) {
      FloatVector b0 = FloatVector.fromArray(VectorGemm.S, b, bp);
      c0 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap]), c0);
      c1 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + aRow]), c1);
      c2 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 2 * aRow]), c2);
      c3 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 3 * aRow]), c3);
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + ldo);
    c2.intoArray(out, o + 2 * ldo);
    c3.intoArray(out, o + 3 * ldo);
  }

  private static void column6(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow,
                              float[] out, int o, int ldo) {
    FloatVector c0 = FloatVector.zero(VectorGemm.S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    int ap = aOff;
    int bp = bOff;
    for (int p = 0; p < kc; p++, ap += aStep, bp += bRow) {
      FloatVector b0 = FloatVector.fromArray(VectorGemm.S, b, bp);
      c0 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap]), c0);
      c1 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + aRow]), c1);
      c2 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 2 * aRow]), c2);
      c3 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 3 * aRow]), c3);
      c4 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 4 * aRow]), c4);
      c5 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 5 * aRow]), c5);
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + ldo);
    c2.intoArray(out, o + 2 * ldo);
    c3.intoArray(out, o + 3 * ldo);
    c4.intoArray(out, o + 4 * ldo);
    c5.intoArray(out, o + 5 * ldo);
  }

  private static void column8(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow,
                              float[] out, int o, int ldo) {
    FloatVector c0 = FloatVector.zero(VectorGemm.S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    int ap = aOff;
    int bp = bOff;
    for (int p = 0; p < kc; p++, ap += aStep, bp += bRow) {
      FloatVector b0 = FloatVector.fromArray(VectorGemm.S, b, bp);
      c0 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap]), c0);
      c1 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + aRow]), c1);
      c2 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 2 * aRow]), c2);
      c3 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 3 * aRow]), c3);
      c4 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 4 * aRow]), c4);
      c5 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 5 * aRow]), c5);
      c6 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 6 * aRow]), c6);
      c7 = b0.fma(FloatVector.broadcast(VectorGemm.S, a[ap + 7 * aRow]), c7);
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + ldo);
    c2.intoArray(out, o + 2 * ldo);
    c3.intoArray(out, o + 3 * ldo);
    c4.intoArray(out, o + 4 * ldo);
    c5.intoArray(out, o + 5 * ldo);
    c6.intoArray(out, o + 6 * ldo);
    c7.intoArray(out, o + 7 * ldo);
  }
}
