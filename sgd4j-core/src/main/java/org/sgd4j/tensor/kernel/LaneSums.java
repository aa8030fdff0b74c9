package org.sgd4j.tensor.kernel;

/**
 * Sixteen running sums over consecutive blocks of sixteen floats, {@code lanes[j] += x[from + 16 b + j]} for
 * each block b in order: the partial sums of a convolution's bias gradient (element i of a plane goes to lane
 * i mod 16). Each lane is its own chain of float adds in block order, so any vector width that holds whole
 * lanes gives the same bits; this is the scalar loop, which C2 on JDK 17 leaves scalar (the store to
 * {@code lanes[j]} and the load at {@code from + i + j} may be the same array at different offsets to it).
 * The SIMD provider runs the lanes as vectors ({@link VectorLaneSums}).
 */
final class LaneSums {
  /** Lanes, and floats per block. */
  static final int LANES = 16;

  private LaneSums() {}

  /** {@code lanes[j] += x[from + 16 b + j]} for b in {@code [0, blocks)}, in order, and j in {@code [0, 16)}. */
  static void scalar(float[] x, int from, int blocks, float[] lanes) {
    for (int b = 0, i = from; b < blocks; b++, i += LANES) {
      for (int j = 0; j < LANES; j++) {
        lanes[j] += x[i + j];
      }
    }
  }
}
