package org.sgd4j.tensor.kernel;

/**
 * Gathers strided runs of floats into one contiguous block: run r, {@code len} floats from
 * {@code src[srcOff + r·srcStride]}, goes to {@code dst[dstOff + r·len]}. This is im2col's row of a
 * convolution with unit horizontal stride: one output row's receptive-field row per run. The scalar
 * path copies each run with {@link System#arraycopy}; the SIMD provider copies short runs a vector at a
 * time ({@link VectorRowCopy}), since a call per run of a dozen floats costs more than the copy.
 */
final class RowCopy {
  private RowCopy() {}

  /** The copy, one {@link System#arraycopy} per run; {@code src} and {@code dst} do not overlap. */
  static void scalar(float[] src, int srcOff, int srcStride, int rows, int len, float[] dst, int dstOff) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, srcOff + r * srcStride, dst, dstOff + r * len, len);
    }
  }
}
