package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing of a transposed B (the layer's forward, {@code x Wᵀ}: the columns of {@code op(B)} are rows of
 * W), and of a transposed A (the weight gradient {@code gᵀ x}, {@link #packTransposedA}), with in-register
 * transposes: a block of W rows by W floats is loaded as W vectors, transposed, and
 * stored as W rows of a panel, where the scalar loop ({@link Packing#packB}) moves one float per load and
 * store. The layout and the floats are {@link Packing#packB}'s, so the products' bits do not change.
 *
 * <p>The transpose is the recursive one: for each bit of the lane index, from the highest, every pair of
 * vectors whose indices differ in that bit swaps the lanes where the row's and the lane's bits differ
 * (one {@code rearrange} by the bit's weight and one {@code blend} per vector). A W x W block takes
 * {@code W log2 W} of each. Written out for W = 16 and W = 8, with the vectors as locals (C2 keeps them in
 * registers only then); other widths use the scalar loop. Like the tiles it uses only
 * {@code SPECIES_PREFERRED}, and each block is one method always run whole (see
 * {@code docs/architecture.md} on the Vector API's pitfalls).
 */
final class VectorTranspose {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int W = S.length();

  /** Whether this width has a written-out transpose. */
  static final boolean SUPPORTED = W == 16 || W == 8;

  private static final VectorShuffle<Float> DOWN8 = shift(-8);
  private static final VectorShuffle<Float> DOWN4 = shift(-4);
  private static final VectorShuffle<Float> DOWN2 = shift(-2);
  private static final VectorShuffle<Float> DOWN1 = shift(-1);
  private static final VectorShuffle<Float> UP8 = shift(8);
  private static final VectorShuffle<Float> UP4 = shift(4);
  private static final VectorShuffle<Float> UP2 = shift(2);
  private static final VectorShuffle<Float> UP1 = shift(1);
  private static final VectorMask<Float> HIGH8 = high(8);
  private static final VectorMask<Float> HIGH4 = high(4);
  private static final VectorMask<Float> HIGH2 = high(2);
  private static final VectorMask<Float> HIGH1 = high(1);

  private VectorTranspose() {}

  /** Lane l takes lane {@code l + by} (modulo W). */
  private static VectorShuffle<Float> shift(int by) {
    return VectorShuffle.fromOp(S, l -> Math.floorMod(l + by, W));
  }

  /** The lanes whose index has bit {@code bit} set. */
  private static VectorMask<Float> high(int bit) {
    boolean[] set = new boolean[W];
    for (int l = 0; l < W; l++) {
      set[l] = (l & bit) != 0;
    }
    return VectorMask.fromArray(S, set, 0);
  }

  /**
   * {@link Packing#packB} for a transposed B, whole panels only ({@code cols} a multiple of {@code nr},
   * itself a multiple of W): panel q's element {@code (p, j)}, at {@code bpOff + q*nr*kc + p*nr + j}, is
   * {@code b[src + (q*nr + j)*ldb + p]}. Steps of p past the last whole W are copied one float at a time.
   */
  static void packTransposed(float[] b, int src, int ldb, int cols, int kc, int nr, float[] bp, int bpOff) {
    int kw = kc / W * W;
    for (int jr = 0; jr < cols; jr += nr) {
      int base = bpOff + jr * kc;
      for (int jb = 0; jb < nr; jb += W) {
        int s = src + (jr + jb) * ldb;
        int d = base + jb;
        if (W == 16) {
          for (int p = 0; p < kw; p += 16) {
            block16(b, s + p, ldb, bp, d + p * nr, nr);
          }
        } else {
          for (int p = 0; p < kw; p += 8) {
            block8(b, s + p, ldb, bp, d + p * nr, nr);
          }
        }
        for (int p = kw; p < kc; p++) {
          for (int j = 0; j < W; j++) {
            bp[d + p * nr + j] = b[s + j * ldb + p];
          }
        }
      }
    }
  }

  /**
   * Whether a transposed A's panels of {@code mr} rows have a vector packing at this width: chunks of
   * {@code mr} floats, two or four to a vector.
   */
  static boolean supportsTransposedA(int mr) {
    return W == 16 && (mr == 4 || mr == 8) || W == 8 && mr == 4;
  }

  /**
   * {@link Packing#packA} for a transposed A ({@code op(A)[i][p] = a[src + p*lda + i]}), whole vectors of
   * rows only ({@code rows} a multiple of W, {@code mr} one that {@link #supportsTransposedA}): panel q's
   * element {@code (r, p)}, at {@code apOff + q*mr*kc + p*mr + r}, is {@code alpha * a[src + p*lda + q*mr + r]}.
   * A vector of a source row holds the next {@code mr} floats of each of {@code W/mr} panels; the same
   * number of source rows, their chunks transposed (the first rounds of {@link #block16}, on chunks of
   * {@code mr} lanes), give each of those panels one vector of its next {@code W/mr} steps of k. The steps
   * of k are taken {@link Packing#TRANSPOSED_ROWS} at a time for all the panels, as the scalar packing
   * does; steps past the last whole group are copied one float at a time.
   */
  static void packTransposedA(float[] a, int src, int lda, int rows, int kc, int mr, float alpha, float[] ap,
                              int apOff) {
    int ratio = W / mr;
    int kr = kc / ratio * ratio;
    int panel = mr * kc;
    for (int p0 = 0; p0 < kr; p0 += Packing.TRANSPOSED_ROWS) {
      int p1 = Math.min(kr, p0 + Packing.TRANSPOSED_ROWS);
      for (int i = 0; i < rows; i += W) {
        int d = apOff + i * kc;
        for (int p = p0; p < p1; p += ratio) {
          if (ratio == 4) {
            chunks4(a, src + p * lda + i, lda, alpha, ap, d + p * mr, panel);
          } else if (mr == 8) {
            chunks8(a, src + p * lda + i, lda, alpha, ap, d + p * mr, panel);
          } else {
            chunks2x4(a, src + p * lda + i, lda, alpha, ap, d + p * mr, panel);
          }
        }
      }
    }
    for (int p = kr; p < kc; p++) {
      for (int i = 0; i < rows; i++) {
        ap[apOff + i / mr * panel + p * mr + i % mr] = alpha * a[src + p * lda + i];
      }
    }
  }

  /**
   * Four source rows of four chunks of 4 (W = 16, MR = 4) into one vector for each of four panels,
   * {@code panel} floats apart: the 16 x 16 transpose's rounds of 8 and 4 lanes.
   */
  private static void chunks4(float[] a, int s, int lda, float alpha, float[] ap, int d, int panel) {
    FloatVector x0 = FloatVector.fromArray(S, a, s).mul(alpha);
    FloatVector x1 = FloatVector.fromArray(S, a, s + lda).mul(alpha);
    FloatVector x2 = FloatVector.fromArray(S, a, s + 2 * lda).mul(alpha);
    FloatVector x3 = FloatVector.fromArray(S, a, s + 3 * lda).mul(alpha);
    FloatVector t;
    t = x0.blend(x2.rearrange(DOWN8), HIGH8);
    x2 = x0.rearrange(UP8).blend(x2, HIGH8);
    x0 = t;
    t = x1.blend(x3.rearrange(DOWN8), HIGH8);
    x3 = x1.rearrange(UP8).blend(x3, HIGH8);
    x1 = t;
    t = x0.blend(x1.rearrange(DOWN4), HIGH4);
    x1 = x0.rearrange(UP4).blend(x1, HIGH4);
    x0 = t;
    t = x2.blend(x3.rearrange(DOWN4), HIGH4);
    x3 = x2.rearrange(UP4).blend(x3, HIGH4);
    x2 = t;
    x0.intoArray(ap, d);
    x1.intoArray(ap, d + panel);
    x2.intoArray(ap, d + 2 * panel);
    x3.intoArray(ap, d + 3 * panel);
  }

  /** Two source rows of two chunks of 8 (W = 16, MR = 8) into one vector for each of two panels. */
  private static void chunks8(float[] a, int s, int lda, float alpha, float[] ap, int d, int panel) {
    FloatVector x0 = FloatVector.fromArray(S, a, s).mul(alpha);
    FloatVector x1 = FloatVector.fromArray(S, a, s + lda).mul(alpha);
    x0.blend(x1.rearrange(DOWN8), HIGH8).intoArray(ap, d);
    x0.rearrange(UP8).blend(x1, HIGH8).intoArray(ap, d + panel);
  }

  /** Two source rows of two chunks of 4 (W = 8, MR = 4) into one vector for each of two panels. */
  private static void chunks2x4(float[] a, int s, int lda, float alpha, float[] ap, int d, int panel) {
    FloatVector x0 = FloatVector.fromArray(S, a, s).mul(alpha);
    FloatVector x1 = FloatVector.fromArray(S, a, s + lda).mul(alpha);
    x0.blend(x1.rearrange(DOWN4), HIGH4).intoArray(ap, d);
    x0.rearrange(UP4).blend(x1, HIGH4).intoArray(ap, d + panel);
  }

  /**
   * {@code dst[d + j*ldd + i] = src[s + i*lds + j]} for {@code i < rows}, {@code j < cols}: whole W x W blocks
   * with in-register transposes, the rest one float at a time. A plain loop reads or writes one float per
   * cache line at each step, and the swapped product's transpose back into C (64 x 512) took about a
   * nanosecond per float that way.
   */
  static void transpose(float[] src, int s, int lds, int rows, int cols, float[] dst, int d, int ldd) {
    int rw = rows / W * W;
    int cw = cols / W * W;
    for (int i = 0; i < rw; i += W) {
      for (int j = 0; j < cw; j += W) {
        if (W == 16) {
          block16(src, s + i * lds + j, lds, dst, d + j * ldd + i, ldd);
        } else {
          block8(src, s + i * lds + j, lds, dst, d + j * ldd + i, ldd);
        }
      }
    }
    // The rest along dst's rows (contiguous stores), as the plain loop runs: the block rows' last columns,
    // then the last rows (all of them when there are fewer than W columns, as for a batch of 4).
    for (int j = cw; j < cols; j++) {
      for (int i = 0; i < rw; i++) {
        dst[d + j * ldd + i] = src[s + i * lds + j];
      }
    }
    for (int j = 0; j < cols; j++) {
      for (int i = rw; i < rows; i++) {
        dst[d + j * ldd + i] = src[s + i * lds + j];
      }
    }
  }

  /** One 16 x 16 block: rows {@code s}, {@code s + ldb}, ... of b become rows {@code d}, {@code d + ldd}, ... of bp, transposed. */
  private static void block16(float[] b, int s, int ldb, float[] bp, int d, int ldd) {
    FloatVector r0 = FloatVector.fromArray(S, b, s);
    FloatVector r1 = FloatVector.fromArray(S, b, s + 1 * ldb);
    FloatVector r2 = FloatVector.fromArray(S, b, s + 2 * ldb);
    FloatVector r3 = FloatVector.fromArray(S, b, s + 3 * ldb);
    FloatVector r4 = FloatVector.fromArray(S, b, s + 4 * ldb);
    FloatVector r5 = FloatVector.fromArray(S, b, s + 5 * ldb);
    FloatVector r6 = FloatVector.fromArray(S, b, s + 6 * ldb);
    FloatVector r7 = FloatVector.fromArray(S, b, s + 7 * ldb);
    FloatVector r8 = FloatVector.fromArray(S, b, s + 8 * ldb);
    FloatVector r9 = FloatVector.fromArray(S, b, s + 9 * ldb);
    FloatVector r10 = FloatVector.fromArray(S, b, s + 10 * ldb);
    FloatVector r11 = FloatVector.fromArray(S, b, s + 11 * ldb);
    FloatVector r12 = FloatVector.fromArray(S, b, s + 12 * ldb);
    FloatVector r13 = FloatVector.fromArray(S, b, s + 13 * ldb);
    FloatVector r14 = FloatVector.fromArray(S, b, s + 14 * ldb);
    FloatVector r15 = FloatVector.fromArray(S, b, s + 15 * ldb);
    FloatVector t;
    t = r0.blend(r8.rearrange(DOWN8), HIGH8);
    r8 = r0.rearrange(UP8).blend(r8, HIGH8);
    r0 = t;
    t = r1.blend(r9.rearrange(DOWN8), HIGH8);
    r9 = r1.rearrange(UP8).blend(r9, HIGH8);
    r1 = t;
    t = r2.blend(r10.rearrange(DOWN8), HIGH8);
    r10 = r2.rearrange(UP8).blend(r10, HIGH8);
    r2 = t;
    t = r3.blend(r11.rearrange(DOWN8), HIGH8);
    r11 = r3.rearrange(UP8).blend(r11, HIGH8);
    r3 = t;
    t = r4.blend(r12.rearrange(DOWN8), HIGH8);
    r12 = r4.rearrange(UP8).blend(r12, HIGH8);
    r4 = t;
    t = r5.blend(r13.rearrange(DOWN8), HIGH8);
    r13 = r5.rearrange(UP8).blend(r13, HIGH8);
    r5 = t;
    t = r6.blend(r14.rearrange(DOWN8), HIGH8);
    r14 = r6.rearrange(UP8).blend(r14, HIGH8);
    r6 = t;
    t = r7.blend(r15.rearrange(DOWN8), HIGH8);
    r15 = r7.rearrange(UP8).blend(r15, HIGH8);
    r7 = t;
    t = r0.blend(r4.rearrange(DOWN4), HIGH4);
    r4 = r0.rearrange(UP4).blend(r4, HIGH4);
    r0 = t;
    t = r1.blend(r5.rearrange(DOWN4), HIGH4);
    r5 = r1.rearrange(UP4).blend(r5, HIGH4);
    r1 = t;
    t = r2.blend(r6.rearrange(DOWN4), HIGH4);
    r6 = r2.rearrange(UP4).blend(r6, HIGH4);
    r2 = t;
    t = r3.blend(r7.rearrange(DOWN4), HIGH4);
    r7 = r3.rearrange(UP4).blend(r7, HIGH4);
    r3 = t;
    t = r8.blend(r12.rearrange(DOWN4), HIGH4);
    r12 = r8.rearrange(UP4).blend(r12, HIGH4);
    r8 = t;
    t = r9.blend(r13.rearrange(DOWN4), HIGH4);
    r13 = r9.rearrange(UP4).blend(r13, HIGH4);
    r9 = t;
    t = r10.blend(r14.rearrange(DOWN4), HIGH4);
    r14 = r10.rearrange(UP4).blend(r14, HIGH4);
    r10 = t;
    t = r11.blend(r15.rearrange(DOWN4), HIGH4);
    r15 = r11.rearrange(UP4).blend(r15, HIGH4);
    r11 = t;
    t = r0.blend(r2.rearrange(DOWN2), HIGH2);
    r2 = r0.rearrange(UP2).blend(r2, HIGH2);
    r0 = t;
    t = r1.blend(r3.rearrange(DOWN2), HIGH2);
    r3 = r1.rearrange(UP2).blend(r3, HIGH2);
    r1 = t;
    t = r4.blend(r6.rearrange(DOWN2), HIGH2);
    r6 = r4.rearrange(UP2).blend(r6, HIGH2);
    r4 = t;
    t = r5.blend(r7.rearrange(DOWN2), HIGH2);
    r7 = r5.rearrange(UP2).blend(r7, HIGH2);
    r5 = t;
    t = r8.blend(r10.rearrange(DOWN2), HIGH2);
    r10 = r8.rearrange(UP2).blend(r10, HIGH2);
    r8 = t;
    t = r9.blend(r11.rearrange(DOWN2), HIGH2);
    r11 = r9.rearrange(UP2).blend(r11, HIGH2);
    r9 = t;
    t = r12.blend(r14.rearrange(DOWN2), HIGH2);
    r14 = r12.rearrange(UP2).blend(r14, HIGH2);
    r12 = t;
    t = r13.blend(r15.rearrange(DOWN2), HIGH2);
    r15 = r13.rearrange(UP2).blend(r15, HIGH2);
    r13 = t;
    t = r0.blend(r1.rearrange(DOWN1), HIGH1);
    r1 = r0.rearrange(UP1).blend(r1, HIGH1);
    r0 = t;
    t = r2.blend(r3.rearrange(DOWN1), HIGH1);
    r3 = r2.rearrange(UP1).blend(r3, HIGH1);
    r2 = t;
    t = r4.blend(r5.rearrange(DOWN1), HIGH1);
    r5 = r4.rearrange(UP1).blend(r5, HIGH1);
    r4 = t;
    t = r6.blend(r7.rearrange(DOWN1), HIGH1);
    r7 = r6.rearrange(UP1).blend(r7, HIGH1);
    r6 = t;
    t = r8.blend(r9.rearrange(DOWN1), HIGH1);
    r9 = r8.rearrange(UP1).blend(r9, HIGH1);
    r8 = t;
    t = r10.blend(r11.rearrange(DOWN1), HIGH1);
    r11 = r10.rearrange(UP1).blend(r11, HIGH1);
    r10 = t;
    t = r12.blend(r13.rearrange(DOWN1), HIGH1);
    r13 = r12.rearrange(UP1).blend(r13, HIGH1);
    r12 = t;
    t = r14.blend(r15.rearrange(DOWN1), HIGH1);
    r15 = r14.rearrange(UP1).blend(r15, HIGH1);
    r14 = t;
    r0.intoArray(bp, d);
    r1.intoArray(bp, d + 1 * ldd);
    r2.intoArray(bp, d + 2 * ldd);
    r3.intoArray(bp, d + 3 * ldd);
    r4.intoArray(bp, d + 4 * ldd);
    r5.intoArray(bp, d + 5 * ldd);
    r6.intoArray(bp, d + 6 * ldd);
    r7.intoArray(bp, d + 7 * ldd);
    r8.intoArray(bp, d + 8 * ldd);
    r9.intoArray(bp, d + 9 * ldd);
    r10.intoArray(bp, d + 10 * ldd);
    r11.intoArray(bp, d + 11 * ldd);
    r12.intoArray(bp, d + 12 * ldd);
    r13.intoArray(bp, d + 13 * ldd);
    r14.intoArray(bp, d + 14 * ldd);
    r15.intoArray(bp, d + 15 * ldd);
  }

  /** One 8 x 8 block: rows {@code s}, {@code s + ldb}, ... of b become rows {@code d}, {@code d + ldd}, ... of bp, transposed. */
  private static void block8(float[] b, int s, int ldb, float[] bp, int d, int ldd) {
    FloatVector r0 = FloatVector.fromArray(S, b, s);
    FloatVector r1 = FloatVector.fromArray(S, b, s + 1 * ldb);
    FloatVector r2 = FloatVector.fromArray(S, b, s + 2 * ldb);
    FloatVector r3 = FloatVector.fromArray(S, b, s + 3 * ldb);
    FloatVector r4 = FloatVector.fromArray(S, b, s + 4 * ldb);
    FloatVector r5 = FloatVector.fromArray(S, b, s + 5 * ldb);
    FloatVector r6 = FloatVector.fromArray(S, b, s + 6 * ldb);
    FloatVector r7 = FloatVector.fromArray(S, b, s + 7 * ldb);
    FloatVector t;
    t = r0.blend(r4.rearrange(DOWN4), HIGH4);
    r4 = r0.rearrange(UP4).blend(r4, HIGH4);
    r0 = t;
    t = r1.blend(r5.rearrange(DOWN4), HIGH4);
    r5 = r1.rearrange(UP4).blend(r5, HIGH4);
    r1 = t;
    t = r2.blend(r6.rearrange(DOWN4), HIGH4);
    r6 = r2.rearrange(UP4).blend(r6, HIGH4);
    r2 = t;
    t = r3.blend(r7.rearrange(DOWN4), HIGH4);
    r7 = r3.rearrange(UP4).blend(r7, HIGH4);
    r3 = t;
    t = r0.blend(r2.rearrange(DOWN2), HIGH2);
    r2 = r0.rearrange(UP2).blend(r2, HIGH2);
    r0 = t;
    t = r1.blend(r3.rearrange(DOWN2), HIGH2);
    r3 = r1.rearrange(UP2).blend(r3, HIGH2);
    r1 = t;
    t = r4.blend(r6.rearrange(DOWN2), HIGH2);
    r6 = r4.rearrange(UP2).blend(r6, HIGH2);
    r4 = t;
    t = r5.blend(r7.rearrange(DOWN2), HIGH2);
    r7 = r5.rearrange(UP2).blend(r7, HIGH2);
    r5 = t;
    t = r0.blend(r1.rearrange(DOWN1), HIGH1);
    r1 = r0.rearrange(UP1).blend(r1, HIGH1);
    r0 = t;
    t = r2.blend(r3.rearrange(DOWN1), HIGH1);
    r3 = r2.rearrange(UP1).blend(r3, HIGH1);
    r2 = t;
    t = r4.blend(r5.rearrange(DOWN1), HIGH1);
    r5 = r4.rearrange(UP1).blend(r5, HIGH1);
    r4 = t;
    t = r6.blend(r7.rearrange(DOWN1), HIGH1);
    r7 = r6.rearrange(UP1).blend(r7, HIGH1);
    r6 = t;
    r0.intoArray(bp, d);
    r1.intoArray(bp, d + 1 * ldd);
    r2.intoArray(bp, d + 2 * ldd);
    r3.intoArray(bp, d + 3 * ldd);
    r4.intoArray(bp, d + 4 * ldd);
    r5.intoArray(bp, d + 5 * ldd);
    r6.intoArray(bp, d + 6 * ldd);
    r7.intoArray(bp, d + 7 * ldd);
  }
}
