package org.sgd4j.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The output rows of one plane of 2x2 max pooling with stride 2 on the Vector API, W windows at a time:
 * the even and odd columns of the two input rows are separated by one-vector rearranges and a blend (the
 * shapes and operations {@link VectorTranspose} uses, so no new vector shape or operation enters the JVM's profiles
 * of the API), then each window's maximum and the offset of its first maximal element are chosen by
 * three comparisons: v1 over v0 and v3 over v2 only if greater, the second pair over the first only if
 * greater, so that the first maximal element in row-major window order wins, as in the scalar loop. A
 * comparison with NaN is false, so a row with a window holding a NaN is left to the caller, which computes
 * it with its scalar loop (the first NaN wins there). A row of at most W/2 windows (LeNet's second
 * pooling) is one vector per input row, read past the row's end ({@link #narrowRows}). One call per plane
 * (not per row) keeps the constant vectors out of the loop and the calls few.
 */
final class VectorMaxPool {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int W = S.length();
  /** Lane l takes lane 2l (mod W) of a vector: a vector's even lanes, twice. */
  private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, l -> (2 * l) % W);
  /** Lane l takes lane 2l + 1 (mod W): a vector's odd lanes, twice. */
  private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, l -> (2 * l + 1) % W);
  /** The upper half of the lanes. */
  private static final VectorMask<Float> HIGH = high();

  private VectorMaxPool() {}

  private static VectorMask<Float> high() {
    boolean[] set = new boolean[W];
    for (int l = W / 2; l < W; l++) {
      set[l] = true;
    }
    return VectorMask.fromArray(S, set, 0);
  }

  /**
   * The output rows {@code 0 .. ho-1} of one plane, {@code wo} windows each ({@code wo} a multiple of W),
   * output row oy's input rows starting at {@code in[rowOff + oy·rowStep]} and {@code w} further:
   * {@code out[outOff + oy·wo + ox]} the window's maximum and {@code arg[outOff + oy·wo + ox] = q +
   * oy·rowStep + 2·ox + (0, 1, w or w + 1)}, the first maximal element's index relative to {@code q}'s
   * origin. {@code offsets} holds at least W floats of scratch. Returns the number of leading rows computed:
   * it stops at a row whose windows hold a NaN (or both infinities), leaving it and the rows after it to
   * the caller.
   */
  static int rows(float[] in, int rowOff, int rowStep, int w, int ho, int wo, int q, int[] arg, float[] out,
                  int outOff, float[] offsets) {
    // The offsets travel as floats whose bits are the integers (blends move bits, no arithmetic touches
    // them), so that each lane is read back by a plain integer load instead of a conversion.
    FloatVector one = bits(1);
    FloatVector down = bits(w);
    FloatVector downRight = bits(w + 1);
    FloatVector zero = FloatVector.zero(S);
    // A negative offset marks a window holding a NaN.
    FloatVector nanMark = bits(NAN_MARK);
    for (int oy = 0; oy < ho; oy++, rowOff += rowStep, q += rowStep, outOff += wo) {
      int marks = 0;
      for (int ox = 0; ox < wo; ox += W) {
        int s = rowOff + 2 * ox;
        FloatVector a0 = FloatVector.fromArray(S, in, s);
        FloatVector b0 = FloatVector.fromArray(S, in, s + W);
        FloatVector a1 = FloatVector.fromArray(S, in, s + w);
        FloatVector b1 = FloatVector.fromArray(S, in, s + w + W);
        FloatVector v0 = a0.rearrange(EVEN).blend(b0.rearrange(EVEN), HIGH);
        FloatVector v1 = a0.rearrange(ODD).blend(b0.rearrange(ODD), HIGH);
        FloatVector v2 = a1.rearrange(EVEN).blend(b1.rearrange(EVEN), HIGH);
        FloatVector v3 = a1.rearrange(ODD).blend(b1.rearrange(ODD), HIGH);
        VectorMask<Float> right0 = v1.compare(VectorOperators.GT, v0);
        FloatVector m01 = v0.blend(v1, right0);
        FloatVector off01 = zero.blend(one, right0);
        VectorMask<Float> right1 = v3.compare(VectorOperators.GT, v2);
        FloatVector m23 = v2.blend(v3, right1);
        FloatVector off23 = down.blend(downRight, right1);
        VectorMask<Float> lower = m23.compare(VectorOperators.GT, m01);
        m01.blend(m23, lower).intoArray(out, outOff + ox);
        // NaN when an element is NaN (or the window holds both infinities: a false alarm, also left to
        // the scalar loop).
        FloatVector sum = v0.add(v1).add(v2.add(v3));
        off01.blend(off23, lower).blend(nanMark, sum.compare(VectorOperators.NE, sum)).intoArray(offsets, 0);
        for (int l = 0; l < W; l++) {
          int offset = Float.floatToRawIntBits(offsets[l]);
          marks |= offset;
          arg[outOff + ox + l] = q + 2 * (ox + l) + offset;
        }
      }
      if (marks < 0) {
        return oy;
      }
    }
    return ho;
  }

  /**
   * {@link #rows} for rows of {@code wo <= W/2} windows: one vector from each input row's start, of which
   * the first 2·wo lanes are the row's (the rest, the next row's or plane's, is computed and dropped). The
   * even and odd lanes of one vector are the row's windows, with no blend. Rows for which {@code in} holds
   * no vector from the second input row's start are left to the caller, as NaN rows are. {@code scratch}
   * holds at least 2W floats.
   */
  static int narrowRows(float[] in, int rowOff, int rowStep, int w, int ho, int wo, int q, int[] arg, float[] out,
                        int outOff, float[] scratch) {
    FloatVector one = bits(1);
    FloatVector down = bits(w);
    FloatVector downRight = bits(w + 1);
    FloatVector zero = FloatVector.zero(S);
    FloatVector nanMark = bits(NAN_MARK);
    // Row oy reads in[rowOff + oy·rowStep + w .. + W − 1].
    long fit = Math.floorDiv((long) in.length - W - w - rowOff, rowStep) + 1;
    int rows = (int) Math.max(0, Math.min(ho, fit));
    for (int oy = 0; oy < rows; oy++, rowOff += rowStep, q += rowStep, outOff += wo) {
      FloatVector a0 = FloatVector.fromArray(S, in, rowOff);
      FloatVector a1 = FloatVector.fromArray(S, in, rowOff + w);
      FloatVector v0 = a0.rearrange(EVEN);
      FloatVector v1 = a0.rearrange(ODD);
      FloatVector v2 = a1.rearrange(EVEN);
      FloatVector v3 = a1.rearrange(ODD);
      VectorMask<Float> right0 = v1.compare(VectorOperators.GT, v0);
      FloatVector m01 = v0.blend(v1, right0);
      FloatVector off01 = zero.blend(one, right0);
      VectorMask<Float> right1 = v3.compare(VectorOperators.GT, v2);
      FloatVector m23 = v2.blend(v3, right1);
      FloatVector off23 = down.blend(downRight, right1);
      VectorMask<Float> lower = m23.compare(VectorOperators.GT, m01);
      m01.blend(m23, lower).intoArray(scratch, W);
      FloatVector sum = v0.add(v1).add(v2.add(v3));
      off01.blend(off23, lower).blend(nanMark, sum.compare(VectorOperators.NE, sum)).intoArray(scratch, 0);
      int marks = 0;
      for (int ox = 0; ox < wo; ox++) {
        int offset = Float.floatToRawIntBits(scratch[ox]);
        marks |= offset;
        arg[outOff + ox] = q + 2 * ox + offset;
        out[outOff + ox] = scratch[W + ox];
      }
      if (marks < 0) {
        return oy;
      }
    }
    return rows;
  }

  /** The offset that marks a NaN window: negative, and a float (subnormal) that is not a NaN. */
  private static final int NAN_MARK = Integer.MIN_VALUE + 1;

  /** A vector of the float whose bits are {@code i} (subnormal for small i, never a NaN here). */
  private static FloatVector bits(int i) {
    return FloatVector.broadcast(S, Float.intBitsToFloat(i));
  }
}
