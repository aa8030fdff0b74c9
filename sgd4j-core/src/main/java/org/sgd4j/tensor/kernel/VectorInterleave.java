package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing of a row-major A (the products {@code x Wᵀ}, {@code g W}) into panels of MR rows with in-register
 * interleaves: W floats of each of a panel's MR rows are loaded as MR vectors and stored as the panel's
 * next W steps of k, {@code MR} floats per step, where the scalar loop ({@link Packing#packA}) stores one
 * float at a time, {@code MR} floats apart. The layout and the floats ({@code alpha * a}, one rounding)
 * are {@link Packing#packA}'s, so the products' bits do not change.
 *
 * <p>The interleave is the perfect shuffle applied {@code log2 MR} times: each round pairs vector
 * {@code i} with vector {@code i + MR/2} and makes of them their zip of low halves (lanes
 * {@code x0 y0 x1 y1 ...}) and their zip of high halves, as vectors {@code 2i} and {@code 2i + 1}. After
 * the rounds the MR vectors, stored one after the other, hold the rows' floats step by step of k. A zip is
 * two {@code rearrange}s and one {@code blend}. Written out for MR = 4 and 8, with the vectors as locals
 * (C2 keeps them in registers only then). Like the tiles it uses only {@code SPECIES_PREFERRED}, and
 * each block is one method always run whole (see {@code docs/architecture.md} on the Vector API's
 * pitfalls).
 */
final class VectorInterleave {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int W = S.length();

  /** Lane l takes lane {@code l / 2}. */
  private static final VectorShuffle<Float> LOW = VectorShuffle.fromOp(S, l -> l / 2);
  /** Lane l takes lane {@code W/2 + l / 2}. */
  private static final VectorShuffle<Float> HIGH = VectorShuffle.fromOp(S, l -> W / 2 + l / 2);
  /** The odd lanes, which a zip takes from its second vector. */
  private static final VectorMask<Float> ODD = odd();

  private VectorInterleave() {}

  private static VectorMask<Float> odd() {
    boolean[] set = new boolean[W];
    for (int l = 0; l < W; l++) {
      set[l] = (l & 1) != 0;
    }
    return VectorMask.fromArray(S, set, 0);
  }

  /** Whether panels of {@code mr} rows have a written-out interleave at this width. */
  static boolean supports(int mr) {
    return (mr == 4 || mr == 8) && W >= mr;
  }

  /**
   * {@link Packing#packA} for a row-major A, whole panels only ({@code rows} a multiple of {@code mr}, which
   * {@link #supports}): panel q's element {@code (r, p)}, at {@code apOff + q*mr*kc + p*mr + r}, is
   * {@code alpha * a[src + (q*mr + r)*lda + p]}. Steps of p past the last whole W are copied one float at a
   * time.
   */
  static void packRows(float[] a, int src, int lda, int rows, int kc, int mr, float alpha, float[] ap, int apOff) {
    int kw = kc / W * W;
    for (int ir = 0; ir < rows; ir += mr) {
      int s = src + ir * lda;
      int d = apOff + ir * kc;
      if (mr == 4) {
        for (int p = 0; p < kw; p += W) {
          rows4(a, s + p, lda, alpha, ap, d + p * 4);
        }
      } else {
        for (int p = 0; p < kw; p += W) {
          rows8(a, s + p, lda, alpha, ap, d + p * 8);
        }
      }
      for (int p = kw; p < kc; p++) {
        for (int r = 0; r < mr; r++) {
          ap[d + p * mr + r] = alpha * a[s + r * lda + p];
        }
      }
    }
  }

  /** W steps of four rows from {@code s} ({@code lda} apart) into {@code 4W} floats from {@code d}. */
  private static void rows4(float[] a, int s, int lda, float alpha, float[] ap, int d) {
    FloatVector r0 = FloatVector.fromArray(S, a, s).mul(alpha);
    FloatVector r1 = FloatVector.fromArray(S, a, s + lda).mul(alpha);
    FloatVector r2 = FloatVector.fromArray(S, a, s + 2 * lda).mul(alpha);
    FloatVector r3 = FloatVector.fromArray(S, a, s + 3 * lda).mul(alpha);
    FloatVector t0 = r0.rearrange(LOW).blend(r2.rearrange(LOW), ODD);
    FloatVector t1 = r0.rearrange(HIGH).blend(r2.rearrange(HIGH), ODD);
    FloatVector t2 = r1.rearrange(LOW).blend(r3.rearrange(LOW), ODD);
    FloatVector t3 = r1.rearrange(HIGH).blend(r3.rearrange(HIGH), ODD);
    t0.rearrange(LOW).blend(t2.rearrange(LOW), ODD).intoArray(ap, d);
    t0.rearrange(HIGH).blend(t2.rearrange(HIGH), ODD).intoArray(ap, d + W);
    t1.rearrange(LOW).blend(t3.rearrange(LOW), ODD).intoArray(ap, d + 2 * W);
    t1.rearrange(HIGH).blend(t3.rearrange(HIGH), ODD).intoArray(ap, d + 3 * W);
  }

  /** W steps of eight rows from {@code s} ({@code lda} apart) into {@code 8W} floats from {@code d}. */
  private static void rows8(float[] a, int s, int lda, float alpha, float[] ap, int d) {
    FloatVector r0 = FloatVector.fromArray(S, a, s).mul(alpha);
    FloatVector r1 = FloatVector.fromArray(S, a, s + lda).mul(alpha);
    FloatVector r2 = FloatVector.fromArray(S, a, s + 2 * lda).mul(alpha);
    FloatVector r3 = FloatVector.fromArray(S, a, s + 3 * lda).mul(alpha);
    FloatVector r4 = FloatVector.fromArray(S, a, s + 4 * lda).mul(alpha);
    FloatVector r5 = FloatVector.fromArray(S, a, s + 5 * lda).mul(alpha);
    FloatVector r6 = FloatVector.fromArray(S, a, s + 6 * lda).mul(alpha);
    FloatVector r7 = FloatVector.fromArray(S, a, s + 7 * lda).mul(alpha);
    // Round 1: pairs (i, i + 4).
    FloatVector t0 = r0.rearrange(LOW).blend(r4.rearrange(LOW), ODD);
    FloatVector t1 = r0.rearrange(HIGH).blend(r4.rearrange(HIGH), ODD);
    FloatVector t2 = r1.rearrange(LOW).blend(r5.rearrange(LOW), ODD);
    FloatVector t3 = r1.rearrange(HIGH).blend(r5.rearrange(HIGH), ODD);
    FloatVector t4 = r2.rearrange(LOW).blend(r6.rearrange(LOW), ODD);
    FloatVector t5 = r2.rearrange(HIGH).blend(r6.rearrange(HIGH), ODD);
    FloatVector t6 = r3.rearrange(LOW).blend(r7.rearrange(LOW), ODD);
    FloatVector t7 = r3.rearrange(HIGH).blend(r7.rearrange(HIGH), ODD);
    // Round 2.
    r0 = t0.rearrange(LOW).blend(t4.rearrange(LOW), ODD);
    r1 = t0.rearrange(HIGH).blend(t4.rearrange(HIGH), ODD);
    r2 = t1.rearrange(LOW).blend(t5.rearrange(LOW), ODD);
    r3 = t1.rearrange(HIGH).blend(t5.rearrange(HIGH), ODD);
    r4 = t2.rearrange(LOW).blend(t6.rearrange(LOW), ODD);
    r5 = t2.rearrange(HIGH).blend(t6.rearrange(HIGH), ODD);
    r6 = t3.rearrange(LOW).blend(t7.rearrange(LOW), ODD);
    r7 = t3.rearrange(HIGH).blend(t7.rearrange(HIGH), ODD);
    // Round 3, stored.
    r0.rearrange(LOW).blend(r4.rearrange(LOW), ODD).intoArray(ap, d);
    r0.rearrange(HIGH).blend(r4.rearrange(HIGH), ODD).intoArray(ap, d + W);
    r1.rearrange(LOW).blend(r5.rearrange(LOW), ODD).intoArray(ap, d + 2 * W);
    r1.rearrange(HIGH).blend(r5.rearrange(HIGH), ODD).intoArray(ap, d + 3 * W);
    r2.rearrange(LOW).blend(r6.rearrange(LOW), ODD).intoArray(ap, d + 4 * W);
    r2.rearrange(HIGH).blend(r6.rearrange(HIGH), ODD).intoArray(ap, d + 5 * W);
    r3.rearrange(LOW).blend(r7.rearrange(LOW), ODD).intoArray(ap, d + 6 * W);
    r3.rearrange(HIGH).blend(r7.rearrange(HIGH), ODD).intoArray(ap, d + 7 * W);
  }
}
