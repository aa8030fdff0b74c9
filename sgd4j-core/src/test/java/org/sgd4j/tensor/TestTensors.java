package org.sgd4j.tensor;

/** Helpers shared by tests that compare tensors bit for bit. */
public final class TestTensors {
  private TestTensors() {}

  /** The raw bits of the elements in row-major order, for exact comparisons (NaN and -0 included). */
  public static int[] bits(Tensor t) {
    float[] v = t.toArray();
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  /** A tensor of standard normal samples from {@code rng}. */
  public static Tensor gaussian(Rng rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextGaussian();
    }
    return t;
  }
}
