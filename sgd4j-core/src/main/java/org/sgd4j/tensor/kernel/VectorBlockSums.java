package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockSums#scalar} on the Vector API: four vectors of elements at a time (then one, then the scalar
 * loop for the rest) start from block 0 and add every later block's in order, in registers, and are stored
 * once. Each lane's adds are the scalar loop's (starting from block 0's value, not from zero, which would
 * turn a −0 into +0), so the bits are its.
 */
final class VectorBlockSums {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int W = S.length();

  private VectorBlockSums() {}

  /** {@link BlockSums#scalar}. */
  static void sum(float[] partial, int blocks, int size, int from, int to, float[] total) {
    int i = from;
    for (; i + 4 * W <= to; i += 4 * W) {
      FloatVector s0 = FloatVector.fromArray(S, partial, i);
      FloatVector s1 = FloatVector.fromArray(S, partial, i + W);
      FloatVector s2 = FloatVector.fromArray(S, partial, i + 2 * W);
      FloatVector s3 = FloatVector.fromArray(S, partial, i + 3 * W);
      for (int blk = 1, p = size + i; blk < blocks; blk++, p += size) {
        s0 = s0.add(FloatVector.fromArray(S, partial, p));
        s1 = s1.add(FloatVector.fromArray(S, partial, p + W));
        s2 = s2.add(FloatVector.fromArray(S, partial, p + 2 * W));
        s3 = s3.add(FloatVector.fromArray(S, partial, p + 3 * W));
      }
      s0.intoArray(total, i);
      s1.intoArray(total, i + W);
      s2.intoArray(total, i + 2 * W);
      s3.intoArray(total, i + 3 * W);
    }
    for (; i + W <= to; i += W) {
      FloatVector s = FloatVector.fromArray(S, partial, i);
      for (int blk = 1, p = size + i; blk < blocks; blk++, p += size) {
        s = s.add(FloatVector.fromArray(S, partial, p));
      }
      s.intoArray(total, i);
    }
    if (i < to) {
      BlockSums.scalar(partial, blocks, size, i, to, total);
    }
  }
}
