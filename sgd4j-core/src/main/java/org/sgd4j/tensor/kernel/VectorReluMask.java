package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ReluMask} on the Vector API: {@code g} blended with +0 where {@code out <= 0}, one vector at a time,
 * the last few elements by the scalar loop. C2 on JDK 17 leaves the scalar loop's bit operations
 * ({@code Float.floatToRawIntBits}) scalar, at about 0.5 ns an element; the blend runs at the speed of the
 * loads and stores (bench/results/2026-12-05-activation-loops.md). A NaN {@code out} compares false, so it
 * keeps g, as the scalar loop does.
 */
final class VectorReluMask {
  private static final VectorSpecies<Float> S = VectorGemm.S;

  private VectorReluMask() {}

  /** {@code masked[i]} for i in {@code [from, to)}. */
  static void mask(float[] g, float[] out, float[] masked, int from, int to) {
    int i = from;
    for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
      FloatVector r = FloatVector.fromArray(S, out, i);
      FloatVector.fromArray(S, g, i).blend(0f, r.compare(VectorOperators.LE, 0f)).intoArray(masked, i);
    }
    ReluMask.scalar(g, out, masked, i, to);
  }
}
