package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ColumnSums#scalar} on the Vector API: strips of columns whose double sums stay in registers while the
 * rows go by. Each vector of a row's floats ({@code S}, the kernels' species) is widened into two vectors of
 * doubles of the same width ({@code D}): two vectors of columns a strip, then one, then the scalar loop for the
 * last few. No other float species (docs/architecture.md, "One vector shape"). A lane's adds are the scalar
 * loop's double adds in row order, the sum (or its quotient by the rows, in double) rounded to float once, so
 * the bits are the scalar loop's. That loop copies each row's slice and adds it into an array of doubles, whose
 * loads and stores C2 does not keep in registers.
 */
final class VectorColumnSums {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  /** Doubles of the same width: half as many lanes. */
  private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
  private static final int W = S.length();
  /** The upper half of S's lanes. */
  private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, -1L << (W / 2));

  private VectorColumnSums() {}

  /** {@link ColumnSums#scalar}: columns {@code [c0, c1)}. */
  static void sums(float[] x, int off, int rows, int cols, int c0, int c1, boolean mean, float[] out, int outOff) {
    // The quotient by 1 is the sum itself, so one form serves both (no vector code in a branch that may be cold).
    double divisor = mean ? rows : 1.0;
    int j = c0;
    for (; j + 2 * W <= c1; j += 2 * W) {
      twoVectors(x, off + j, rows, cols, divisor, out, outOff + j);
    }
    for (; j + W <= c1; j += W) {
      oneVector(x, off + j, rows, cols, divisor, out, outOff + j);
    }
    if (j < c1) {
      ColumnSums.scalar(x, off, rows, cols, j, c1, mean, out, outOff);
    }
  }

  /**
   * Two vectors of columns from {@code x[at]}, their sums over the rows divided by {@code divisor} into
   * {@code out[to ...]}. The stores are written out in each method: vectors handed to a helper that C2 does not
   * inline (JDK 25 declined to, past its node count) are boxed, an allocation per call.
   */
  private static void twoVectors(float[] x, int at, int rows, int cols, double divisor, float[] out, int to) {
    DoubleVector s0 = DoubleVector.zero(D);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    for (int r = 0, i = at; r < rows; r++, i += cols) {
      FloatVector a = FloatVector.fromArray(S, x, i);
      FloatVector b = FloatVector.fromArray(S, x, i + W);
      s0 = s0.add(a.convertShape(VectorOperators.F2D, D, 0));
      s1 = s1.add(a.convertShape(VectorOperators.F2D, D, 1));
      s2 = s2.add(b.convertShape(VectorOperators.F2D, D, 0));
      s3 = s3.add(b.convertShape(VectorOperators.F2D, D, 1));
    }
    // Part 0 fills the lower half of the floats, part -1 the upper, each with zeros beside.
    ((FloatVector) s0.div(divisor).convertShape(VectorOperators.D2F, S, 0))
        .blend((FloatVector) s1.div(divisor).convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(out, to);
    ((FloatVector) s2.div(divisor).convertShape(VectorOperators.D2F, S, 0))
        .blend((FloatVector) s3.div(divisor).convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(out, to + W);
  }

  /** {@link #twoVectors} for one vector of columns. */
  private static void oneVector(float[] x, int at, int rows, int cols, double divisor, float[] out, int to) {
    DoubleVector s0 = DoubleVector.zero(D);
    DoubleVector s1 = s0;
    for (int r = 0, i = at; r < rows; r++, i += cols) {
      FloatVector a = FloatVector.fromArray(S, x, i);
      s0 = s0.add(a.convertShape(VectorOperators.F2D, D, 0));
      s1 = s1.add(a.convertShape(VectorOperators.F2D, D, 1));
    }
    ((FloatVector) s0.div(divisor).convertShape(VectorOperators.D2F, S, 0))
        .blend((FloatVector) s1.div(divisor).convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(out, to);
  }
}
