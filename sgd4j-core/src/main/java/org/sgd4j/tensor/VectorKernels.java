package org.sgd4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the Vector API ({@code jdk.incubator.vector}): the packed, cache-blocked SGEMM of
 * {@link PackedGemm} with a 6 x 16 micro-kernel of fused multiply-adds over B packed in 16-column
 * panels. Each row of the tile is one 16-lane vector accumulator ({@code acc_i += a[i] * bRow} by
 * {@link FloatVector#fma}), so each element of C is {@code fma(a_ip, b_pj, acc)} summed over p in order.
 *
 * <p>Only {@link KernelProvider} refers to this class, by name and reflectively, when the JVM was
 * started with {@code --add-modules jdk.incubator.vector}; the scalar path never loads it.
 */
final class VectorKernels extends PackedGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  static final int MR = 6;
  static final int NR = 16;

  VectorKernels() {
    super(MR, NR, 192, 2048);
  }

  @Override
  void microKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float beta) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    int ap = aOff;
    int bp = bOff;
    for (int p = 0; p < kc; p++, ap += MR, bp += NR) {
      FloatVector bv = FloatVector.fromArray(S, b, bp);
      c0 = bv.fma(FloatVector.broadcast(S, a[ap]), c0);
      c1 = bv.fma(FloatVector.broadcast(S, a[ap + 1]), c1);
      c2 = bv.fma(FloatVector.broadcast(S, a[ap + 2]), c2);
      c3 = bv.fma(FloatVector.broadcast(S, a[ap + 3]), c3);
      c4 = bv.fma(FloatVector.broadcast(S, a[ap + 4]), c4);
      c5 = bv.fma(FloatVector.broadcast(S, a[ap + 5]), c5);
    }
    store(c0, c, cOff, beta);
    store(c1, c, cOff + ldc, beta);
    store(c2, c, cOff + 2 * ldc, beta);
    store(c3, c, cOff + 3 * ldc, beta);
    store(c4, c, cOff + 4 * ldc, beta);
    store(c5, c, cOff + 5 * ldc, beta);
  }

  private static void store(FloatVector acc, float[] c, int off, float beta) {
    if (beta == 0f) {
      acc.intoArray(c, off);
    } else {
      FloatVector.fromArray(S, c, off).mul(beta).add(acc).intoArray(c, off);
    }
  }

  @Override
  public String name() {
    return "vector";
  }
}
