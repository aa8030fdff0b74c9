package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneSums} on the Vector API: the sixteen lanes as one vector of 16 floats or two of 8, each block one
 * load and one add per vector; other widths use the scalar loop. A vector add is the lanes' float adds, in
 * the same block order, so the bits are {@link LaneSums#scalar}'s.
 */
final class VectorLaneSums {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int W = S.length();

  private VectorLaneSums() {}

  /** {@link LaneSums#scalar}. */
  static void add(float[] x, int from, int blocks, float[] lanes) {
    if (W == 16) {
      sixteen(x, from, blocks, lanes);
    } else if (W == 8) {
      eight(x, from, blocks, lanes);
    } else {
      LaneSums.scalar(x, from, blocks, lanes);
    }
  }

  private static void sixteen(float[] x, int from, int blocks, float[] lanes) {
    FloatVector acc = FloatVector.fromArray(S, lanes, 0);
    for (int b = 0, i = from; b < blocks; b++, i += LaneSums.LANES) {
      acc = acc.add(FloatVector.fromArray(S, x, i));
    }
    acc.intoArray(lanes, 0);
  }

  private static void eight(float[] x, int from, int blocks, float[] lanes) {
    FloatVector low = FloatVector.fromArray(S, lanes, 0);
    FloatVector high = FloatVector.fromArray(S, lanes, 8);
    for (int b = 0, i = from; b < blocks; b++, i += LaneSums.LANES) {
      low = low.add(FloatVector.fromArray(S, x, i));
      high = high.add(FloatVector.fromArray(S, x, i + 8));
    }
    low.intoArray(lanes, 0);
    high.intoArray(lanes, 8);
  }
}
