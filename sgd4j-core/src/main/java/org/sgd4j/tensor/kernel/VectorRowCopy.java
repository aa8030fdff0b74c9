package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowCopy} on the Vector API. A run of at least a vector is copied in whole vectors, the last one
 * ending at the run's end (overlapping the one before it). A shorter run is copied as one whole vector:
 * its store also writes the start of the runs after it, which are written later and overwrite that; the
 * last runs, whose vector would pass the end of the block (or whose load would pass the end of
 * {@code src}), go by {@link System#arraycopy}. Nothing outside {@code dst[dstOff, dstOff + rows·len)}
 * is written.
 */
final class VectorRowCopy {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int L = S.length();

  private VectorRowCopy() {}

  /** The copy; {@code src} and {@code dst} are different arrays. */
  static void copy(float[] src, int srcOff, int srcStride, int rows, int len, float[] dst, int dstOff) {
    if (len >= L) {
      for (int r = 0; r < rows; r++) {
        int s = srcOff + r * srcStride;
        int d = dstOff + r * len;
        for (int q = 0; q < len - L; q += L) {
          FloatVector.fromArray(S, src, s + q).intoArray(dst, d + q);
        }
        FloatVector.fromArray(S, src, s + len - L).intoArray(dst, d + len - L);
      }
      return;
    }
    int end = dstOff + rows * len;
    int r = 0;
    for (; r < rows; r++) {
      int s = srcOff + r * srcStride;
      int d = dstOff + r * len;
      if (d + L > end || s + L > src.length) {
        break;
      }
      FloatVector.fromArray(S, src, s).intoArray(dst, d);
    }
    RowCopy.scalar(src, srcOff + r * srcStride, srcStride, rows - r, len, dst, dstOff + r * len);
  }
}
