package org.sgd4j.optim;

/**
 * Exponential moving averages of the gradient and of its square, shared by Adam, AdamW, NAdam,
 * RMSprop, Adadelta and Yogi (optax's {@code scale_by_adam} pieces), for one coordinate. Written as
 * PyTorch computes them, {@code m.mul_(β).add_(g, alpha=1-β)} and
 * {@code v.mul_(β).addcmul_(g, g, value=1-β)}, with β and 1 − β rounded to float32 as PyTorch does,
 * so runs agree number for number.
 */
final class Moments {
  private Moments() {}

  /** {@code m ← β m + (1 − β) g}, given {@code beta = (float) β} and {@code oneMinusBeta = (float) (1 − β)}. */
  static float first(float m, float g, float beta, float oneMinusBeta) {
    return m * beta + oneMinusBeta * g;
  }

  /** {@code v ← β v + (1 − β) g²}, given {@code beta = (float) β} and {@code oneMinusBeta = (float) (1 − β)}. */
  static float second(float v, float g, float beta, float oneMinusBeta) {
    return v * beta + oneMinusBeta * g * g;
  }

  /** {@code (float) (1 − β)}. */
  static float oneMinus(double beta) {
    return (float) (1 - beta);
  }
}
