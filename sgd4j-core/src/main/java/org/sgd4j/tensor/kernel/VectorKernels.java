package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the Vector API ({@code jdk.incubator.vector}): the packed, cache-blocked SGEMM of
 * {@link PackedGemm} with a register-blocked micro-kernel of fused multiply-adds. The tile is
 * {@code 4 x NR} with {@code NR} two vectors of the platform's preferred width (4 x 32 with AVX-512,
 * 4 x 16 with AVX2): eight vector accumulators, each updated as {@code acc += broadcast(a_ip) * b_p} by
 * {@link FloatVector#fma}, over B packed in NR-column panels. So each element of C is
 * {@code fma(a_ip, b_pj, acc)} summed over p in order. (On this project's AVX-512 machine the 4 x 32
 * tile measured about 1.3x faster than 4 x 16, 6 x 16 or 8 x 16 with one 512-bit vector per row;
 * products with at most W columns, where half of that tile would be padding, use the 8 x W tile of
 * {@link NarrowVectorKernels}.)
 *
 * <p>Only {@link KernelProvider} refers to this class, by name and reflectively, when the JVM was
 * started with {@code --add-modules jdk.incubator.vector}; the scalar path never loads it.
 */
final class VectorKernels extends PackedGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int W = S.length();
  static final int MR = 4;
  static final int NR = 2 * W;
  /** The k-blocking, shared with {@link NarrowVectorKernels} so both tiles give the same bits. */
  static final int KC = 256;
  private final NarrowVectorKernels narrow = new NarrowVectorKernels();

  VectorKernels() {
    super(MR, NR, KC, 192, 2048);
  }

  /** Products with at most one vector of columns go to the {@code 8 x W} tile. */
  @Override
  PackedGemm narrow(int n) {
    return n <= W ? narrow : null;
  }

  @Override
  void microKernel(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow, float[] c, int cOff,
                   int ldc,
                   float beta) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int ap = aOff;
    int bp = bOff;
    int r2 = 2 * aRow;
    int r3 = 3 * aRow;
    if (aStep == MR && aRow == 1 && bRow == NR) {
      // Both operands packed (the large-product case): the same loop with indices that are constant
      // multiples of p plus an invariant, so C2 hoists the bounds checks out of the loop.
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
      }
      kc = 0;
    }
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
    }
    // The stores are written out here rather than in a helper: a helper that C2 does not inline gets
    // its vectors as objects of unknown shape and stores them through the slow Java fallback (JFR
    // showed FloatVector.stOp as a top frame for products with a short k, such as a batch's dW).
    int c1 = cOff + ldc;
    int c2 = cOff + 2 * ldc;
    int c3 = cOff + 3 * ldc;
    if (beta == 0f) {
      c00.intoArray(c, cOff);
      c01.intoArray(c, cOff + W);
      c10.intoArray(c, c1);
      c11.intoArray(c, c1 + W);
      c20.intoArray(c, c2);
      c21.intoArray(c, c2 + W);
      c30.intoArray(c, c3);
      c31.intoArray(c, c3 + W);
    } else {
      FloatVector.fromArray(S, c, cOff).mul(beta).add(c00).intoArray(c, cOff);
      FloatVector.fromArray(S, c, cOff + W).mul(beta).add(c01).intoArray(c, cOff + W);
      FloatVector.fromArray(S, c, c1).mul(beta).add(c10).intoArray(c, c1);
      FloatVector.fromArray(S, c, c1 + W).mul(beta).add(c11).intoArray(c, c1 + W);
      FloatVector.fromArray(S, c, c2).mul(beta).add(c20).intoArray(c, c2);
      FloatVector.fromArray(S, c, c2 + W).mul(beta).add(c21).intoArray(c, c2 + W);
      FloatVector.fromArray(S, c, c3).mul(beta).add(c30).intoArray(c, c3);
      FloatVector.fromArray(S, c, c3 + W).mul(beta).add(c31).intoArray(c, c3 + W);
    }
  }

  @Override
  public String name() {
    return "vector";
  }
}
