package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * Relu's backward mask, {@code where(out <= 0, 0, g)} for {@code out} relu's output: the scalar loop on special
 * values, and this JVM's provider (the SIMD one where the Vector API is present) bit for bit against it on
 * ragged ranges, so that every vector loop's tail runs too.
 */
class ReluMaskTest {

  @Test
  void keepsGWhereOutIsPositiveOrNaNAndGivesPlusZeroWhereOutIsZero() {
    float[] outs = {0f, Float.MIN_VALUE, 1e-30f, 1f, Float.POSITIVE_INFINITY, Float.NaN};
    float[] gs = {-3f, -0f, 0f, 5f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -Float.MIN_VALUE};
    for (float out : outs) {
      for (float g : gs) {
        float[] masked = new float[1];
        ReluMask.scalar(new float[] {g}, new float[] {out}, masked, 0, 1);
        int expected = Float.floatToRawIntBits(out == 0f ? 0f : g);
        assertThat(Float.floatToRawIntBits(masked[0])).as("out %s, g %s", out, g).isEqualTo(expected);
      }
    }
  }

  @Test
  void theProviderGivesTheScalarBitsOnEveryRange() {
    Rng rng = new Rng(11);
    VectorizationProvider provider = VectorizationProvider.get();
    for (int n = 0; n <= 70; n++) {
      float[] g = new float[n];
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        g[i] = i % 13 == 5 ? Float.NaN : i % 11 == 3 ? -0f : (float) rng.nextGaussian();
        float x = i % 17 == 7 ? Float.NaN : (float) rng.nextGaussian();
        out[i] = Math.max(x, 0f);
      }
      for (int from = 0; from <= Math.min(n, 3); from++) {
        for (int to = Math.max(from, n - 2); to <= n; to++) {
          float[] expected = new float[n];
          float[] actual = new float[n];
          java.util.Arrays.fill(expected, 7f);
          java.util.Arrays.fill(actual, 7f);
          ReluMask.scalar(g, out, expected, from, to);
          provider.reluMask(g, out, actual, from, to);
          for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("%s, n %d, [%d, %d), element %d", provider.name(), n, from,
                to, i).isEqualTo(Float.floatToRawIntBits(expected[i]));
          }
        }
      }
    }
  }
}
