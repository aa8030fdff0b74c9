package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a convolution with at most one vector of output channels and 5x5 kernels, one
 * block of samples at a time, as im2col and the SIMD SGEMM compute it but without unrolling the receptive
 * fields: the same products, summed in the same order, so the same bits.
 *
 * <p>im2col and SGEMM compute a block's term {@code dw[o, t] = Σ_p g[o, p] · col[t, p]} (t a tap (c, i, j),
 * p a position of the block: sample, row, column) as {@code Cᵀ = col · gᵀ} on the 8x1 tile, output
 * channels in the lanes of one vector: per tap, {@code acc = fma(col[t, p], g[·, p], acc)} over p from
 * zero in k-blocks of {@link VectorGemm#KC}, each block's sums added to the blocks before. Here
 * {@code col[t, p]} is read from the input itself, {@code x[base(t) + pos(p)]}, ten taps (two kernel
 * rows) at a time at constant offsets from two indices, instead of being copied into a column matrix first,
 * a copy as large as the product's left operand (bench/results/2026-12-05-zen5-lenet-wgrad.md). Only for
 * layers without padding, of unit stride and dilation, in one group.
 *
 * <p>{@code DirectConvolutionTest} checks it bit for bit against im2col and SGEMM.
 */
final class VectorImplicitWeightGrad {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int W = VectorGemm.W;
  /** Kernel width and height this kernel takes. */
  static final int KW = 5;

  private VectorImplicitWeightGrad() {}

  /**
   * Whether {@link #block} computes the weight gradient of {@code g}: one group, unit stride and dilation,
   * 5x5 kernels, at most one vector of output channels, and no padding (the output is as much smaller than
   * the input as the kernel is larger than one element).
   */
  static boolean suits(ConvolutionGeometry g) {
    return g.groups() == 1 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1 && g.kh() == KW
        && g.kw() == KW && g.o() <= W && g.ho() + KW - 1 == g.h() && g.wo() + KW - 1 == g.w();
  }

  /**
   * Samples {@code n0 .. n0+cn-1}'s term, written to {@code dw[dwOff ..]} as a dense (O, C, 5, 5) block:
   * what {@code sgemm(false, true, O, k, cn·L, 1, g, ·, cn·L, col, ·, cn·L, 0, dw, dwOff, k)} gives
   * for the block's gradient (O, cn, L) and column matrix (k, cn, L), when the SGEMM computes that product
   * on its narrow tile ({@link VectorGemm#narrowSwapped}; a small one it sums without fused multiply-adds).
   */
  static void block(float[] x, int xOff, float[] g, int gOff, ConvolutionGeometry geo, int n0, int cn, float[] dw,
                    int dwOff) {
    int l = geo.l();
    int bl = cn * l;
    int k = geo.k();
    int hw = geo.h() * geo.w();
    int chw = geo.c() * hw;
    int[] pos = ArrayPool.takeInts(bl);
    float[] gt = ArrayPool.scratch(bl * W);
    float[] ct = ArrayPool.scratch(k * W);
    // Positions in order (sample, row, column), as the column matrix's; the gradient position-major, its
    // channels in the lanes (zero past the last).
    for (int s = 0, p = 0; s < cn; s++) {
      for (int y = 0; y < geo.ho(); y++) {
        for (int c = 0; c < geo.wo(); c++, p++) {
          pos[p] = xOff + (n0 + s) * chw + y * geo.w() + c;
        }
      }
    }
    java.util.Arrays.fill(gt, 0, bl * W, 0f);
    for (int s = 0; s < cn; s++) {
      for (int o = 0; o < geo.o(); o++) {
        int src = gOff + ((n0 + s) * geo.o() + o) * l;
        for (int q = 0, p = s * l; q < l; q++, p++) {
          gt[p * W + o] = g[src + q];
        }
      }
    }
    for (int p0 = 0; p0 < bl; p0 += VectorGemm.KC) {
      int p1 = Math.min(bl, p0 + VectorGemm.KC);
      float[] src = p0 == 0 ? VectorGemm.NEG_ZEROS : ct;
      int srcRow = p0 == 0 ? 0 : W;
      // Kernel rows in pairs: rows 0 and 1, 2 and 3 of each channel, then the last rows of two channels
      // (five taps alone leave too few independent chains to keep the FMA units busy).
      for (int c = 0; c < geo.c(); c++) {
        for (int i = 0; i + 1 < KW; i += 2) {
          int t = (c * KW + i) * KW;
          tenTaps(x, c * hw + i * geo.w(), geo.w(), pos, gt, p0, p1, src, srcRow * t, srcRow * (t + KW), srcRow, ct,
              t * W, (t + KW) * W);
        }
      }
      for (int c = 0; c < geo.c(); c += 2) {
        int t = (c * KW + KW - 1) * KW;
        int base = c * hw + (KW - 1) * geo.w();
        if (c + 1 < geo.c()) {
          int t1 = t + KW * KW;
          tenTaps(x, base, hw, pos, gt, p0, p1, src, srcRow * t, srcRow * t1, srcRow, ct, t * W, t1 * W);
        } else {
          fiveTaps(x, base, pos, gt, p0, p1, src, srcRow * t, srcRow, ct, t * W);
        }
      }
    }
    for (int o = 0; o < geo.o(); o++) {
      for (int t = 0; t < k; t++) {
        dw[dwOff + o * k + t] = ct[t * W + o];
      }
    }
    ArrayPool.giveInts(pos);
    ArrayPool.giveBack(gt);
    ArrayPool.giveBack(ct);
  }

  /**
   * Ten taps, two kernel rows of five: (c, i, 0..4) with inputs at {@code base} from a position's offset and
   * rows of {@code ct} from {@code ctOff}, and five more with inputs {@code second} further on and rows from
   * {@code ctSecond} (the next kernel row, or the same row of the next channel), for positions
   * {@code p0 .. p1-1}: per tap a chain {@code acc = fma(x, g[p], acc)} from zero, then {@code src + acc}
   * into the tap's row of {@code ct}, {@code src} being {@code ct} itself (from {@code srcOff} and
   * {@code srcSecond}) or a row of −0.0 ({@code srcRow} 0) for the first k-block: the 8x1 tile's operations.
   */
  private static void tenTaps(float[] x, int base, int second, int[] pos, float[] gt, int p0, int p1, float[] src,
                              int srcOff, int srcSecond, int srcRow, float[] ct, int ctOff, int ctSecond) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    FloatVector a8 = a0;
    FloatVector a9 = a0;
    for (int p = p0; p < p1; p++) {
      int q = base + pos[p];
      int q1 = q + second;
      FloatVector b = FloatVector.fromArray(S, gt, p * W);
      a0 = b.fma(FloatVector.broadcast(S, x[q]), a0);
      a1 = b.fma(FloatVector.broadcast(S, x[q + 1]), a1);
      a2 = b.fma(FloatVector.broadcast(S, x[q + 2]), a2);
      a3 = b.fma(FloatVector.broadcast(S, x[q + 3]), a3);
      a4 = b.fma(FloatVector.broadcast(S, x[q + 4]), a4);
      a5 = b.fma(FloatVector.broadcast(S, x[q1]), a5);
      a6 = b.fma(FloatVector.broadcast(S, x[q1 + 1]), a6);
      a7 = b.fma(FloatVector.broadcast(S, x[q1 + 2]), a7);
      a8 = b.fma(FloatVector.broadcast(S, x[q1 + 3]), a8);
      a9 = b.fma(FloatVector.broadcast(S, x[q1 + 4]), a9);
    }
    FloatVector.fromArray(S, src, srcOff).add(a0).intoArray(ct, ctOff);
    FloatVector.fromArray(S, src, srcOff + srcRow).add(a1).intoArray(ct, ctOff + W);
    FloatVector.fromArray(S, src, srcOff + 2 * srcRow).add(a2).intoArray(ct, ctOff + 2 * W);
    FloatVector.fromArray(S, src, srcOff + 3 * srcRow).add(a3).intoArray(ct, ctOff + 3 * W);
    FloatVector.fromArray(S, src, srcOff + 4 * srcRow).add(a4).intoArray(ct, ctOff + 4 * W);
    FloatVector.fromArray(S, src, srcSecond).add(a5).intoArray(ct, ctSecond);
    FloatVector.fromArray(S, src, srcSecond + srcRow).add(a6).intoArray(ct, ctSecond + W);
    FloatVector.fromArray(S, src, srcSecond + 2 * srcRow).add(a7).intoArray(ct, ctSecond + 2 * W);
    FloatVector.fromArray(S, src, srcSecond + 3 * srcRow).add(a8).intoArray(ct, ctSecond + 3 * W);
    FloatVector.fromArray(S, src, srcSecond + 4 * srcRow).add(a9).intoArray(ct, ctSecond + 4 * W);
  }

  /** {@link #tenTaps} for the five taps (c, 4, 0..4) of the last kernel row of a last channel left alone. */
  private static void fiveTaps(float[] x, int base, int[] pos, float[] gt, int p0, int p1, float[] src,
                               int srcOff, int srcRow, float[] ct, int ctOff) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    for (int p = p0; p < p1; p++) {
      int q = base + pos[p];
      FloatVector b = FloatVector.fromArray(S, gt, p * W);
      a0 = b.fma(FloatVector.broadcast(S, x[q]), a0);
      a1 = b.fma(FloatVector.broadcast(S, x[q + 1]), a1);
      a2 = b.fma(FloatVector.broadcast(S, x[q + 2]), a2);
      a3 = b.fma(FloatVector.broadcast(S, x[q + 3]), a3);
      a4 = b.fma(FloatVector.broadcast(S, x[q + 4]), a4);
    }
    FloatVector.fromArray(S, src, srcOff).add(a0).intoArray(ct, ctOff);
    FloatVector.fromArray(S, src, srcOff + srcRow).add(a1).intoArray(ct, ctOff + W);
    FloatVector.fromArray(S, src, srcOff + 2 * srcRow).add(a2).intoArray(ct, ctOff + 2 * W);
    FloatVector.fromArray(S, src, srcOff + 3 * srcRow).add(a3).intoArray(ct, ctOff + 3 * W);
    FloatVector.fromArray(S, src, srcOff + 4 * srcRow).add(a4).intoArray(ct, ctOff + 4 * W);
  }
}
