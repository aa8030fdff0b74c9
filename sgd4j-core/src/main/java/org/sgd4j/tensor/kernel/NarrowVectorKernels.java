package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD SGEMM for products with at most one vector of columns, such as a layer's forward at a small
 * batch computed as {@code W xᵀ} (512 x 16 at batch 16): an {@code 8 x W} tile, one vector per row,
 * so no half-empty tiles, where {@link VectorKernels}' {@code 4 x 2W} tile would leave half of its
 * accumulators on zero padding. {@link VectorKernels} hands such products here.
 *
 * <p>The k-blocking is {@link VectorKernels}' ({@value #KC}), and each element is the same chain
 * {@code acc = fma(a_ip, b_pj, acc)} over p from zero in each block, then {@code c * beta + acc}: the
 * bits do not depend on which of the two tiles computed an element.
 */
final class NarrowVectorKernels extends PackedGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int W = S.length();
  static final int MR = 8;
  static final int KC = VectorKernels.KC;

  NarrowVectorKernels() {
    super(MR, W, KC, 192, 2048);
  }

  @Override
  void microKernel(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow, float[] c, int cOff,
                   int ldc,
                   float beta) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
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
      c0 = b0.fma(FloatVector.broadcast(S, a[ap]), c0);
      c1 = b0.fma(FloatVector.broadcast(S, a[ap + aRow]), c1);
      c2 = b0.fma(FloatVector.broadcast(S, a[ap + r2]), c2);
      c3 = b0.fma(FloatVector.broadcast(S, a[ap + r3]), c3);
      c4 = b0.fma(FloatVector.broadcast(S, a[ap + r4]), c4);
      c5 = b0.fma(FloatVector.broadcast(S, a[ap + r5]), c5);
      c6 = b0.fma(FloatVector.broadcast(S, a[ap + r6]), c6);
      c7 = b0.fma(FloatVector.broadcast(S, a[ap + r7]), c7);
    }
    // Stores written out here, not in a helper (see VectorKernels: an un-inlined helper gets its
    // vectors boxed and stores them through the slow fallback).
    int o1 = cOff + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    int o4 = o3 + ldc;
    int o5 = o4 + ldc;
    int o6 = o5 + ldc;
    int o7 = o6 + ldc;
    if (beta == 0f) {
      c0.intoArray(c, cOff);
      c1.intoArray(c, o1);
      c2.intoArray(c, o2);
      c3.intoArray(c, o3);
      c4.intoArray(c, o4);
      c5.intoArray(c, o5);
      c6.intoArray(c, o6);
      c7.intoArray(c, o7);
    } else {
      FloatVector.fromArray(S, c, cOff).mul(beta).add(c0).intoArray(c, cOff);
      FloatVector.fromArray(S, c, o1).mul(beta).add(c1).intoArray(c, o1);
      FloatVector.fromArray(S, c, o2).mul(beta).add(c2).intoArray(c, o2);
      FloatVector.fromArray(S, c, o3).mul(beta).add(c3).intoArray(c, o3);
      FloatVector.fromArray(S, c, o4).mul(beta).add(c4).intoArray(c, o4);
      FloatVector.fromArray(S, c, o5).mul(beta).add(c5).intoArray(c, o5);
      FloatVector.fromArray(S, c, o6).mul(beta).add(c6).intoArray(c, o6);
      FloatVector.fromArray(S, c, o7).mul(beta).add(c7).intoArray(c, o7);
    }
  }

  @Override
  public String name() {
    return "vector";
  }
}
