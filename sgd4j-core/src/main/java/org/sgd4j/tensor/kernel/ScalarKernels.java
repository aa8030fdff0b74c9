package org.sgd4j.tensor.kernel;

/**
 * Portable scalar Java kernels: the packed, cache-blocked SGEMM of {@link PackedGemm} with a 4 x 4
 * register-blocked micro-kernel whose sixteen accumulators are locals (so C2 keeps them in registers).
 * Multiplies and adds are separate roundings, as Java requires; this is the path taken when the JVM
 * lacks the Vector API module.
 */
final class ScalarKernels extends PackedGemm {
  static final int MR = 4;
  static final int NR = 4;

  ScalarKernels() {
    super(MR, NR, 256, 128, 2048);
  }

  @Override
  void microKernel(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bRow, float[] c, int cOff,
                   int ldc,
                   float beta) {
    float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
    float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
    float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
    float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
    int ap = aOff;
    int bp = bOff;
    int r2 = 2 * aRow;
    int r3 = 3 * aRow;
    for (int p = 0; p < kc; p++, ap += aStep, bp += bRow) {
      float a0 = a[ap];
      float a1 = a[ap + aRow];
      float a2 = a[ap + r2];
      float a3 = a[ap + r3];
      float b0 = b[bp];
      float b1 = b[bp + 1];
      float b2 = b[bp + 2];
      float b3 = b[bp + 3];
      c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
      c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
      c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
      c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    }
    store(c, cOff, beta, c00, c01, c02, c03);
    store(c, cOff + ldc, beta, c10, c11, c12, c13);
    store(c, cOff + 2 * ldc, beta, c20, c21, c22, c23);
    store(c, cOff + 3 * ldc, beta, c30, c31, c32, c33);
  }

  /** {@code c = x}, or {@code c + x} when {@code beta} is 1 (the only other value it has here, see PackedGemm). */
  private static void store(float[] c, int off, float beta, float x0, float x1, float x2, float x3) {
    if (beta == 0f) {
      c[off] = x0;
      c[off + 1] = x1;
      c[off + 2] = x2;
      c[off + 3] = x3;
    } else {
      c[off] += x0;
      c[off + 1] += x1;
      c[off + 2] += x2;
      c[off + 3] += x3;
    }
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public String tile() {
    return MR + "x" + NR;
  }
}
