package org.sgd4j.optim;

/**
 * Exponential moving averages of the gradient and of its square, shared by Adam, AdamW, NAdam,
 * RMSprop, Adadelta and Yogi (optax's {@code scale_by_adam} pieces). Written as PyTorch writes them,
 * {@code m.mul_(β).add_(g, alpha=1-β)} and {@code v.mul_(β).addcmul_(g, g, value=1-β)}, with the
 * coefficients rounded to float32 as PyTorch does, so runs agree number for number.
 */
final class Moments {
  private Moments() {}

  /** {@code m ← β m + (1 − β) g}. */
  static void first(float[] m, float[] g, int n, double beta) {
    float b = (float) beta;
    float c = (float) (1 - beta);
    for (int i = 0; i < n; i++) {
      m[i] = m[i] * b + c * g[i];
    }
  }

  /** {@code v ← β v + (1 − β) g²}. */
  static void second(float[] v, float[] g, int n, double beta) {
    float b = (float) beta;
    float c = (float) (1 - beta);
    for (int i = 0; i < n; i++) {
      v[i] = v[i] * b + c * g[i] * g[i];
    }
  }
}
