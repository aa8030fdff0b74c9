package org.sgd4j.tensor.kernel;

/**
 * The total of {@code blocks} blocks of partial sums laid one after another, {@code size} floats each:
 * {@code total[i] = ((p_0[i] + p_1[i]) + p_2[i]) + …}, in block order, in float (a weight gradient whose
 * blocks of samples were summed apart, so that the split of the blocks over threads does not change the
 * bits). This is the scalar loop: C2 on JDK 17 leaves it scalar (the load from {@code partial} and the store
 * to {@code total} may be one array). The SIMD provider adds whole vectors of elements in registers, block
 * after block ({@link VectorBlockSums}): the same adds in the same order.
 */
final class BlockSums {
  private BlockSums() {}

  /** {@code total[i]} for i in {@code [from, to)}, from {@code partial}'s {@code blocks ≥ 1} blocks. */
  static void scalar(float[] partial, int blocks, int size, int from, int to, float[] total) {
    System.arraycopy(partial, from, total, from, to - from);
    for (int blk = 1; blk < blocks; blk++) {
      for (int i = from, p = blk * size + from; i < to; i++, p++) {
        total[i] += partial[p];
      }
    }
  }
}
