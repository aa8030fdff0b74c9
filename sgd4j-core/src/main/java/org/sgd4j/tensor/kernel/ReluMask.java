package org.sgd4j.tensor.kernel;

/**
 * The backward of relu, PyTorch's {@code threshold_backward(g, out, 0)} = {@code where(out <= 0, 0, g)}, on the
 * scalar path: {@code masked[i]} is {@code g[i]} where {@code out[i]} is positive or NaN and +0 where it is
 * zero, whatever {@code g[i]} is there (negative, infinite or NaN). {@code out} is relu's output,
 * {@code max(x, 0)}: +0, positive or NaN, never negative or −0.
 *
 * <p>For such an {@code out}, "out <= 0" is "the bits of out are 0": {@code (b | -b) >> 31} is all ones for
 * nonzero b and 0 for b = 0, and g's bits ANDed with it are g or +0, branch-free (a float select would be a
 * branch, mispredicted half the time on random signs). The SIMD provider computes the same with a vector
 * compare and blend ({@link VectorReluMask}); both give the same bits on every such {@code out}.
 */
final class ReluMask {
  private ReluMask() {}

  /** {@code masked[i]} for i in {@code [from, to)}. */
  static void scalar(float[] g, float[] out, float[] masked, int from, int to) {
    for (int i = from; i < to; i++) {
      int b = Float.floatToRawIntBits(out[i]);
      masked[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & ((b | -b) >> 31));
    }
  }
}
