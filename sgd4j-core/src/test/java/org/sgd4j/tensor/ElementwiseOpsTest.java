package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each op's loops compute its enum constant's scalar function bit for bit ({@link ElementwiseLoops}): so the
 * scalar function is the one place that defines an op's values (NaN, infinities, signed zeros), and
 * every layout gives the same bits.
 */
class ElementwiseOpsTest {

  private static float[] values(int n) {
    SplittableRandom rng = new SplittableRandom(11);
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
        -Float.MIN_VALUE, 1e30f, -1e30f, 88.8f, -88.8f, 1f, -1f};
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i < special.length ? special[i] : (float) (rng.nextGaussian() * 4);
    }
    return v;
  }

  private static void assertBits(float actual, float expected, String what) {
    assertThat(Float.floatToRawIntBits(actual)).as(what).isEqualTo(Float.floatToRawIntBits(expected));
  }

  @Test
  void everyUnaryLoopIsItsScalarFunction() {
    float[] x = values(300);
    for (ElementwiseLoops.Fn fn : ElementwiseLoops.Fn.values()) {
      float[] d = new float[x.length];
      ElementwiseLoops.kernelFn(fn, d, x, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        assertBits(d[i], fn.apply(x[i]), fn.fnName + "(" + x[i] + ")");
      }
    }
  }

  @Test
  void everyBinaryLoopIsItsScalarFunction() {
    float[] x = values(300);
    float[] y = values(300);
    for (int i = 0; i < y.length / 2; i++) {
      float t = y[i];
      y[i] = y[y.length - 1 - i];
      y[y.length - 1 - i] = t;
    }
    for (ElementwiseLoops.Op op : ElementwiseLoops.Op.values()) {
      float[] vv = new float[x.length];
      ElementwiseLoops.kernelVV(op, vv, x, y, 0, x.length);
      for (float s : new float[] {Float.NaN, -0f, 2.5f}) {
        float[] vs = new float[x.length];
        float[] sv = new float[x.length];
        ElementwiseLoops.kernelVS(op, vs, x, s, 0, x.length);
        ElementwiseLoops.kernelSV(op, sv, s, y, 0, y.length);
        for (int i = 0; i < x.length; i++) {
          assertBits(vs[i], op.apply(x[i], s), op.opName + " vs");
          assertBits(sv[i], op.apply(s, y[i]), op.opName + " sv");
        }
      }
      for (int i = 0; i < x.length; i++) {
        assertBits(vv[i], op.apply(x[i], y[i]), op.opName + "(" + x[i] + ", " + y[i] + ")");
      }
    }
    for (ElementwiseLoops.Cmp cmp : ElementwiseLoops.Cmp.values()) {
      float[] vv = new float[x.length];
      float[] vs = new float[x.length];
      ElementwiseLoops.kernelCmpVV(cmp, vv, x, y, 0, x.length);
      ElementwiseLoops.kernelCmpVS(cmp, vs, x, 0.5f, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        assertBits(vv[i], cmp.apply(x[i], y[i]), cmp.cmpName + "(" + x[i] + ", " + y[i] + ")");
        assertBits(vs[i], cmp.apply(x[i], 0.5f), cmp.cmpName + " vs");
        assertBits(cmp.flipped().apply(y[i], x[i]), cmp.apply(x[i], y[i]), cmp.cmpName + " flipped");
      }
    }
  }

  @Test
  void inPlaceColumnAndAliasedOperandsGiveTheStridedBits() {
    Tensor a = Tensor.wrap(values(6 * 7), 6, 7);
    Tensor col = Tensor.wrap(values(6), 6, 1).mul(-3f);
    float[] expected = Strided.zip(a.shape(), a, col, ElementwiseLoops.Op.SUB);
    Tensor t = a.clone();
    t.sub_(col);
    assertThat(t.toArray()).usingElementComparator((p, q) -> Integer.compare(Float.floatToRawIntBits(p),
        Float.floatToRawIntBits(q))).containsExactly(expected);
    // The operand is a shifted view of the tensor written: it is read whole before any write.
    Tensor u = Tensor.wrap(new float[] {1, 2, 3, 4, 5}, 5);
    u.narrow(0, 1, 4).add_(u.narrow(0, 0, 4));
    assertThat(u.toArray()).containsExactly(1, 3, 5, 7, 9);
    Tensor w = Tensor.wrap(new float[] {1, 2, 3, 4}, 2, 2);
    w.t().mul_(w);
    assertThat(w.toArray()).containsExactly(1, 6, 6, 16);
  }
}
